import { describe, expect, it } from 'vitest';
import { generateCatalog } from '../../bench/suites/catalog-gen.ts';
import { createParser } from '../../src/language/index.ts';
import { editDistance } from '../../src/language/fuzzy.ts';
import { ProductIndex } from '../../src/language/matcher.ts';
import { fixtureCatalog } from './devset.ts';
import { miniCatalog } from './mini-catalog.ts';

const mini = createParser(miniCatalog());
const fixture = createParser(fixtureCatalog());
const first = (p: typeof mini, text: string) => {
  const l = p.parse(text).lines[0];
  return l ? (l.sku ?? l.candidates ?? null) : undefined;
};

describe('product matching', () => {
  it('matches names and aliases without Turkish letters or in capitals', () => {
    expect(first(mini, '2 koli kirlangic 5 lt')).toBe('O-KIR-5L');
    expect(first(mini, '2 KOLİ KIRLANGIÇ 5 LT')).toBe('O-KIR-5L');
    expect(first(mini, '2 koli familya')).toBe('T-FAM-32');
    expect(first(mini, '2 koli oncu')).toBe('P-ONC-700');
  });

  it('tolerates typos', () => {
    expect(first(mini, '3 koli orkde 4 lt')).toBe('O-ORK-4L');
    expect(first(mini, '3 koli nutela')).toBe('N-NUT-750');
    expect(first(mini, '3 koli cokopirens')).toBe('K-CKP-10');
    expect(first(fixture, '2 koli domestoz')).toBe('TEM-CAM-1L');
    expect(first(fixture, '2 koli spagettti')).toBe('MAK-SPA-500');
    expect(first(fixture, 'tuvalet kagıdı 2 balya')).toBe('KAG-TUV-32');
  });

  it('does not match words that only look a little alike', () => {
    expect(mini.parse('Merhaba kolay gelsin').lines).toEqual([]);
    expect(first(mini, '3 koli ahmet')).toBeNull();
  });

  it('uses sizes and brands to choose among variants', () => {
    expect(first(mini, '2 koli orkide 1 lt')).toBe('O-ORK-1L');
    expect(first(mini, '2 koli orkide ayçiçek yağı')).toEqual(['O-ORK-4L', 'O-ORK-1L']);
    expect(first(mini, '2 koli ayçiçek yağı')).toEqual(['O-ORK-4L', 'O-ORK-1L', 'O-KIR-5L']);
    expect(first(mini, '2 koli ayçiçek yağı 5 lt')).toBe('O-KIR-5L');
    expect(first(fixture, '10 koli ayçiçek yağı 5 lt')).toEqual(['YAG-YUD-5L', 'YAG-KOM-5L']);
  });

  it('lets the unit the customer wrote choose between equal products', () => {
    expect(first(mini, '2 teneke kırlangıç')).toBe('O-KIR-18L');
    expect(first(mini, '2 koli kırlangıç')).toBe('O-KIR-5L');
    expect(first(fixture, '2 çuval baldo')).toBe('BAK-PIR-BAL-25K');
    expect(first(fixture, 'baldo 2 koli')).toBe('BAK-PIR-BAL-1K');
  });

  it('lets an exact alias win', () => {
    expect(first(mini, '2 koli kutu pepsi')).toBe('B-PEP-330');
    expect(first(mini, '2 koli orkide')).toBe('O-ORK-4L');
    expect(first(mini, '2 koli küçük ayran')).toBe('D-AYR-200');
    expect(first(fixture, '5 koli kola')).toBe('ICE-KOL-1L');
    expect(first(fixture, '5 koli tablet')).toBe('DET-FIN-100');
  });

  it('reports equal products as candidates, never guesses', () => {
    expect(first(mini, '3 koli ayran')).toEqual(['D-AYR-1L', 'D-AYR-200']);
    expect(first(mini, '3 koli salça')).toEqual(['P-TAM-1650', 'P-ONC-700']);
    expect(first(fixture, '5 koli salça')).toEqual(['SAL-DOM-830', 'SAL-BIB-650']);
    const su = fixture.parse('2 koli su').lines[0];
    expect(su.sku).toBeNull();
    expect(su.candidates!.length).toBeLessThanOrEqual(6);
  });

  it('learned customer aliases win over everything', () => {
    const aliases = new Map([['sarı yağ', 'O-KIR-18L'], ['AYRAN', 'D-AYR-200']]);
    expect(mini.parse('2 teneke sarı yağ', { customerAliases: aliases }).lines[0]).toMatchObject({ sku: 'O-KIR-18L', quantity: 2, unit: 'teneke' });
    expect(mini.parse('3 koli ayran', { customerAliases: aliases }).lines[0]).toMatchObject({ sku: 'D-AYR-200', quantity: 3 });
    expect(mini.parse('3 koli ayran').lines[0].sku).toBeNull();
  });

  it('ranks suggestions with matchProducts', () => {
    const ranked = mini.matchProducts('orkide yağ');
    expect(ranked.slice(0, 2).map((r) => r.sku).sort()).toEqual(['O-ORK-1L', 'O-ORK-4L']);
    expect(ranked[0].score).toBeGreaterThan(0);
    expect(mini.matchProducts('kırlangıç 18 lt')[0].sku).toBe('O-KIR-18L');
    expect(mini.matchProducts('')).toEqual([]);
    expect(mini.matchProducts('tuvalet', 1)).toHaveLength(1);
  });

  it('edit distance counts a swap as one', () => {
    expect(editDistance('fairy', 'fiary')).toBe(1);
    expect(editDistance('nutella', 'nutela')).toBe(1);
    expect(editDistance('abc', 'xyz', 1)).toBe(2);
  });

  it('builds a 10,000-product index well under a second', () => {
    const big = generateCatalog(10_000);
    const cpu = process.cpuUsage();
    const index = new ProductIndex(big);
    const used = process.cpuUsage(cpu);
    expect((used.user + used.system) / 1000).toBeLessThan(1000);
    expect(index.products).toHaveLength(10_000);
    const parser = createParser(big);
    const p = big[1234];
    expect(parser.parse(`3 ${p.unit} ${p.name}`).lines[0]).toMatchObject({ sku: p.sku, quantity: 3 });
  });
});
