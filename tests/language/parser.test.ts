import { describe, expect, it } from 'vitest';
import { createParser, type ParsedLine } from '../../src/language/index.ts';
import { fixtureCatalog } from './devset.ts';
import { miniCatalog } from './mini-catalog.ts';

const mini = createParser(miniCatalog());
const fixture = createParser(fixtureCatalog());
const lines = (p: typeof mini, text: string) => p.parse(text).lines.map(({ sku, candidates, quantity, unit }: ParsedLine) => [sku ?? candidates ?? null, quantity, unit]);

describe('quantities', () => {
  it('digits, decimals and words', () => {
    expect(lines(mini, '2,5 kg sucuk')).toEqual([['E-SUC-1K', 2.5, 'kg']]);
    expect(lines(mini, '1.5 kg sucuk')).toEqual([['E-SUC-1K', 1.5, 'kg']]);
    expect(lines(mini, 'yirmi beş koli pril')).toEqual([['C-PRI-15', 25, 'koli']]);
    expect(lines(mini, 'yirmibeş koli pril')).toEqual([['C-PRI-15', 25, 'koli']]);
    expect(lines(mini, 'ONBEŞ KOLİ PRİL')).toEqual([['C-PRI-15', 15, 'koli']]);
    expect(lines(mini, 'bir buçuk kilo sucuk')).toEqual([['E-SUC-1K', 1.5, 'kg']]);
    expect(lines(mini, 'yarım koli ace')).toEqual([['C-ACE-35', 0.5, 'koli']]);
  });

  it('düzine is twelve pieces, tane is adet', () => {
    expect(lines(mini, 'iki düzine nutella')).toEqual([['N-NUT-750', 24, 'adet']]);
    expect(lines(mini, '3 tane nutella')).toEqual([['N-NUT-750', 3, 'adet']]);
  });

  it('x5 and 5x', () => {
    expect(lines(mini, 'pril x5 koli')).toEqual([['C-PRI-15', 5, 'koli']]);
    expect(lines(mini, 'pril 5x')).toEqual([['C-PRI-15', 5, null]]);
    expect(lines(mini, '5 x ace')).toEqual([['C-ACE-35', 5, null]]);
  });

  it('sizes are not quantities: they choose the variant', () => {
    expect(lines(mini, 'orkide 4 lt 3 koli')).toEqual([['O-ORK-4L', 3, 'koli']]);
    expect(lines(mini, 'orkide 1 litrelik 3 koli')).toEqual([['O-ORK-1L', 3, 'koli']]);
    expect(lines(mini, '2 koli orkide 4lt')).toEqual([['O-ORK-4L', 2, 'koli']]);
    expect(lines(mini, "familia 32'li 2 balya")).toEqual([['T-FAM-32', 2, 'balya']]);
    expect(lines(mini, 'ayran 200 ml 3 koli')).toEqual([['D-AYR-200', 3, 'koli']]);
    expect(lines(mini, 'pepsi 2,5 luk 4 koli')).toEqual([['B-PEP-25', 4, 'koli']]);
    expect(lines(mini, 'hayat yarımlık 6 koli')).toEqual([['W-HAY-05', 6, 'koli']]);
    expect(lines(mini, '2 hayat damacana')).toEqual([['W-HAY-19', 2, null]]);
    expect(lines(fixture, '5 kiloluk çaykur 2 paket')).toEqual([['CAY-CAY-5K', 2, 'paket']]);
    expect(lines(fixture, 'birlik 18 litrelik 2 teneke')).toEqual([['YAG-BIR-18L', 2, 'teneke']]);
  });

  it('a measure alone is the quantity for products sold by weight', () => {
    expect(lines(mini, 'sucuk 3 kg')).toEqual([['E-SUC-1K', 3, 'kg']]);
    expect(lines(fixture, 'Sucuk 5 kg sosis 3 kg')).toEqual([['ET-SUC-1K', 5, 'kg'], ['ET-SOS-1K', 3, 'kg']]);
  });
});

describe('units with suffixes', () => {
  it('koliden, kolisi, paketi, pk', () => {
    expect(lines(mini, 'pril 3 koliden')).toEqual([['C-PRI-15', 3, 'koli']]);
    expect(lines(mini, 'ace kolisi 2')).toEqual([['C-ACE-35', 2, null]]);
    expect(lines(fixture, 'tiryaki 2 pk')).toEqual([['CAY-TIR-1K', 2, 'paket']]);
    expect(lines(fixture, '3 paketi tiryaki')).toEqual([['CAY-TIR-1K', 3, 'paket']]);
  });
});

describe('order lines', () => {
  it('split by new lines, commas, ve, ile, + and by nothing at all', () => {
    expect(lines(mini, '2 koli pril\n3 koli ace')).toEqual([['C-PRI-15', 2, 'koli'], ['C-ACE-35', 3, 'koli']]);
    expect(lines(mini, 'pril 2 koli, ace 3 koli')).toEqual([['C-PRI-15', 2, 'koli'], ['C-ACE-35', 3, 'koli']]);
    expect(lines(mini, '2 koli pril ve 3 koli ace')).toEqual([['C-PRI-15', 2, 'koli'], ['C-ACE-35', 3, 'koli']]);
    expect(lines(mini, '2 koli pril ile 3 koli ace')).toEqual([['C-PRI-15', 2, 'koli'], ['C-ACE-35', 3, 'koli']]);
    expect(lines(mini, '2 koli pril + 3 koli ace')).toEqual([['C-PRI-15', 2, 'koli'], ['C-ACE-35', 3, 'koli']]);
    expect(lines(mini, 'kelebek 5 koli barilla 5 koli')).toEqual([['M-KEL-500', 5, 'koli'], ['M-BAR-500', 5, 'koli']]);
  });

  it('quantity before or after the product', () => {
    expect(lines(mini, '4 koli torku süt')).toEqual([['D-TOR-1L', 4, 'koli']]);
    expect(lines(mini, 'torku süt 4 koli')).toEqual([['D-TOR-1L', 4, 'koli']]);
  });

  it('a bare count takes the unit written on the other lines', () => {
    expect(lines(mini, 'çokoprens 3, burçak 2, pril 2 koli')).toEqual([['K-CKP-10', 3, 'koli'], ['K-BRC-10', 2, 'koli'], ['C-PRI-15', 2, 'koli']]);
  });

  it('ignores polite text around the lines', () => {
    expect(lines(mini, 'Ahmet bey merhaba, yarın için 5 koli kırlangıç 5 lt ayırır mısınız, teşekkürler')).toEqual([['O-KIR-5L', 5, 'koli']]);
    expect(lines(mini, 'Selam usta, 3 koli kelebek makarna, 2 koli pastavilla spagetti atarmısın')).toEqual([['M-KEL-500', 3, 'koli'], ['M-SPA-500', 2, 'koli']]);
  });

  it('"bir de 2 koli X" is an order line for X', () => {
    expect(fixture.parse('bir de 2 koli şeker')).toMatchObject({ intent: 'order', lines: [{ sku: null, candidates: ['SEK-TOZ-1K', 'SEK-KUP-1K'], quantity: 2, unit: 'koli' }] });
    expect(mini.parse('bir de 2 koli nutella')).toMatchObject({ intent: 'order', lines: [{ sku: 'N-NUT-750', quantity: 2, unit: 'koli' }] });
  });

  it('keeps the original fragment for display', () => {
    expect(mini.parse('Merhaba, 3 KOLİ Pril\n2 koli ACE lütfen').lines.map((l) => l.text)).toEqual(['3 KOLİ Pril', '2 koli ACE']);
  });

  it('keeps a line it cannot match, so the conversation can ask', () => {
    expect(mini.parse('3 koli zzqx')).toEqual({ intent: 'order', lines: [{ sku: null, quantity: 3, unit: 'koli', text: '3 koli zzqx' }] });
  });
});
