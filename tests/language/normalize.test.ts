import { describe, expect, it } from 'vitest';
import { fold, splitWord, tokenize, words } from '../../src/language/normalize.ts';

describe('fold', () => {
  it('lowercases the Turkish way and folds for matching', () => {
    expect(fold('İSTANBUL IĞDIR')).toBe('istanbul igdir');
    expect(fold('ŞEKER ÇAY ÖĞÜT')).toBe('seker cay ogut');
    expect(fold('Ayçiçek Yağı')).toBe('aycicek yagi');
    expect(fold('ılık')).toBe('ilik');
  });

  it('strips combining marks, also when the text comes decomposed', () => {
    expect(fold('Su\u0308t')).toBe('sut');
    expect(fold('kâğıt')).toBe('kagit');
  });

  it('turns punctuation, emoji and zero-width characters into single spaces', () => {
    expect(fold('  5 koli!!  yağ 👍🏽 lütfen…')).toBe('5 koli yag lutfen');
    expect(fold('ya\u200bğ')).toBe('ya g');
    expect(fold('çay\u2060şeker\ufeff')).toBe('cay seker');
    expect(fold('👍')).toBe('');
  });

  it('keeps decimals and joins apostrophes', () => {
    expect(fold('2,5 kg')).toBe('2.5 kg');
    expect(fold('1.5 L')).toBe('1.5 l');
    expect(fold("32'li Komili'den Lay's")).toBe('32li komiliden lays');
    expect(fold('halley 3, petito 2')).toBe('halley 3 petito 2');
  });
});

describe('tokenize', () => {
  it('keeps offsets into the original text', () => {
    const text = 'Yudum 5 LT, İki koli';
    const toks = tokenize(text);
    expect(toks.map((t) => t.text)).toEqual(['yudum', '5', 'lt', ',', 'iki', 'koli']);
    for (const t of toks) if (!t.sep) expect(fold(text.slice(t.start, t.end))).toBe(t.text);
  });

  it('marks line breaks, commas and plus as separators', () => {
    expect(tokenize('a\nb + c; d').filter((t) => t.sep).length).toBe(3);
  });

  it('splits numbers glued to units, "x" and suffixes', () => {
    const split = (s: string) => tokenize(s).flatMap(splitWord).map((l) => l.text);
    expect(split('5lt')).toEqual(['5', 'lt']);
    expect(split('x5')).toEqual(['x', '5']);
    expect(split('5x')).toEqual(['5', 'x']);
    expect(split("32'li")).toEqual(['32', 'li']);
    expect(split('1,5luk')).toEqual(['1.5', 'luk']);
    expect(split('3ü1')).toEqual(['3u1']);
    expect(words('A4 kağıt × 2')).toEqual(['a4', 'kagit', 'x', '2']);
  });
});
