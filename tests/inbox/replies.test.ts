import { describe, expect, it } from 'vitest';
import { choiceNumber, interpretReply, isOnlyEmoji, isResubscribe, isStopWord, isThanks, yesNo, type DraftLineRef } from '../../src/inbox/replies.ts';

const lines: DraftLineRef[] = [
  { sku: 'YAG-YUD-5L', name: 'Yudum Ayçiçek Yağı 5 L', category: 'Yağ' },
  { sku: 'CAY-TIR-1K', name: 'Çaykur Tiryaki Çay 1 kg', aliases: ['tiryaki'], category: 'Çay' },
  { sku: 'SEK-TOZ-1K', name: 'Toz Şeker 1 kg', aliases: ['toz şeker paket'], category: 'Şeker' },
];

describe('yes / no', () => {
  it.each(['EVET', 'evet', 'Evet lütfen', 'tamam', 'onaylıyorum', 'ok', '👍', '👍👍', 'tamam gönderin', 'evet onaylıyorum'])('%s → yes', (t) => {
    expect(yesNo(t)).toBe('yes');
    expect(interpretReply(t, lines)).toEqual({ kind: 'yes' });
  });
  it.each(['HAYIR', 'hayır', 'iptal', 'İPTAL', 'vazgeçtim', 'iptal et', 'istemiyorum'])('%s → no', (t) => {
    expect(yesNo(t)).toBe('no');
    expect(interpretReply(t, lines)).toEqual({ kind: 'no' });
  });
  it.each(['evet ama çayı 4 yap', 'hayır evet', 'tamam 5 koli daha', 'merhaba', ''])('%s is neither', (t) => {
    expect(yesNo(t)).toBeNull();
  });
});

describe('numbered choices', () => {
  it.each([['2', 2], ['2.', 2], ['1)', 1], [' 3 ', 3], ['2 numara', 2], ['ikinci', 2], ['iki', 2]] as const)('%s → %d', (t, n) => {
    expect(choiceNumber(t)).toBe(n);
  });
  it('refuses numbers out of range and quantities with units', () => {
    expect(choiceNumber('7', 2)).toBeNull();
    expect(choiceNumber('0')).toBeNull();
    expect(choiceNumber('2 koli')).toBeNull();
  });
});

describe('edits of a draft', () => {
  it('sets a quantity, folding Turkish suffixes: çayı → çay', () => {
    expect(interpretReply('çayı 4 yap', lines)).toEqual({ kind: 'set', line: 1, quantity: 4, unit: null });
    expect(interpretReply('şekeri 10 koli yap', lines)).toEqual({ kind: 'set', line: 2, quantity: 10, unit: 'koli' });
    expect(interpretReply('tiryaki 6 olsun', lines)).toEqual({ kind: 'set', line: 1, quantity: 6, unit: null });
    expect(interpretReply("yağı beş koli yapalım", lines)).toEqual({ kind: 'set', line: 0, quantity: 5, unit: 'koli' });
    expect(interpretReply('2. satırı 5 yap', lines)).toEqual({ kind: 'set', line: 1, quantity: 5, unit: null });
  });
  it('removes a line: "yağı çıkar", "şekeri sil", "çayı 0 yap"', () => {
    expect(interpretReply('yağı çıkar', lines)).toEqual({ kind: 'remove', line: 0 });
    expect(interpretReply('şekeri sil', lines)).toEqual({ kind: 'remove', line: 2 });
    expect(interpretReply('çayı 0 yap', lines)).toEqual({ kind: 'remove', line: 1 });
  });
  it('adds lines: "bir de 2 koli şeker", "+ 3 paket çay", "2 koli un ekle"', () => {
    expect(interpretReply('bir de 2 koli şeker', lines)).toEqual({ kind: 'add', text: '2 koli şeker' });
    expect(interpretReply('Bir de 2 koli şeker', lines)).toEqual({ kind: 'add', text: '2 koli şeker' });
    expect(interpretReply('+ 3 paket çay', lines)).toEqual({ kind: 'add', text: '3 paket çay' });
    expect(interpretReply('2 koli un ekle', lines)).toEqual({ kind: 'add', text: '2 koli un' });
  });
  it('says unclear when two lines fit equally, none when no line fits', () => {
    const two: DraftLineRef[] = [
      { sku: 'YAG-YUD-5L', name: 'Yudum Ayçiçek Yağı 5 L' },
      { sku: 'YAG-KOM-5L', name: 'Komili Ayçiçek Yağı 5 L' },
    ];
    expect(interpretReply('yağı 3 yap', two)).toEqual({ kind: 'unclear', lines: [0, 1], edit: 'set' });
    expect(interpretReply('komili yağı 3 yap', two)).toEqual({ kind: 'set', line: 1, quantity: 3, unit: null });
    expect(interpretReply('makarnayı çıkar', lines)).toEqual({ kind: 'none' });
    expect(interpretReply('baldo pirinç var mı', lines)).toEqual({ kind: 'none' });
  });
});

describe('small talk', () => {
  it('recognises thanks, emoji-only, the stop and start words', () => {
    expect(isThanks('tamam teşekkürler')).toBe(true);
    expect(isThanks('sağolun')).toBe(true);
    expect(isThanks('teşekkürler 3 koli daha')).toBe(false);
    expect(isOnlyEmoji('👍')).toBe(true);
    expect(isOnlyEmoji('❤️🙏')).toBe(true);
    expect(isOnlyEmoji('👍 tamam')).toBe(false);
    expect(isStopWord('DUR')).toBe(true);
    expect(isStopWord('dur bakalım ne oldu')).toBe(false);
    expect(isResubscribe('BAŞLA')).toBe(true);
    expect(isResubscribe('tekrar başla')).toBe(true);
    expect(isResubscribe('başladık mı')).toBe(false);
  });
});
