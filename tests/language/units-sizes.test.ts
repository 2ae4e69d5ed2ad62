import { describe, expect, it } from 'vitest';
import { catalogSizes, sizeFit } from '../../src/language/sizes.ts';
import { stem } from '../../src/language/suffixes.ts';
import { canonicalUnit, unitWord } from '../../src/language/units.ts';

describe('units', () => {
  it('maps what customers write to one canonical lowercase word', () => {
    const cases: [string, string][] = [
      ['koli', 'koli'], ['koliden', 'koli'], ['kolisi', 'koli'], ['koliler', 'koli'], ['kl', 'koli'],
      ['paket', 'paket'], ['paketi', 'paket'], ['pk', 'paket'], ['pkt', 'paket'],
      ['tane', 'adet'], ['adet', 'adet'], ['ad', 'adet'],
      ['kasa', 'kasa'], ['kasasi', 'kasa'], ['cuval', 'çuval'], ['cuvali', 'çuval'], ['balya', 'balya'],
      ['kg', 'kg'], ['kilo', 'kg'], ['lt', 'lt'], ['litre', 'lt'], ['l', 'lt'],
      ['teneke', 'teneke'], ['kova', 'kova'], ['bidon', 'bidon'], ['rulo', 'rulo'], ['viyol', 'viyol'], ['sise', 'şişe'],
    ];
    for (const [word, unit] of cases) expect(unitWord(word)?.unit, word).toBe(unit);
  });

  it('knows sizes that are never quantities', () => {
    expect(unitWord('kiloluk')).toMatchObject({ kind: 'measure', lik: true, dim: 'mass' });
    expect(unitWord('litrelik')).toMatchObject({ kind: 'measure', lik: true, dim: 'vol' });
    expect(unitWord('gr')).toMatchObject({ unit: null, dim: 'mass' });
    expect(unitWord('ml')).toMatchObject({ unit: null, dim: 'vol' });
    expect(unitWord('yag')).toBeUndefined();
  });

  it('reads the catalog unit column', () => {
    expect(canonicalUnit('Koli')).toBe('koli');
    expect(canonicalUnit('ÇUVAL')).toBe('çuval');
    expect(canonicalUnit('')).toBeNull();
  });
});

describe('sizes', () => {
  it('reads sizes in names and packs', () => {
    expect(catalogSizes('Yudum Ayçiçek Yağı 5 L')).toEqual([{ dim: 'vol', value: 5000, shown: 5 }]);
    expect(catalogSizes('12 x 830 g')).toEqual([{ dim: 'mass', value: 830, shown: 830 }]);
    expect(catalogSizes("Solo Tuvalet Kağıdı 32'li")).toEqual([{ dim: 'count', value: 32, shown: 32 }]);
    expect(catalogSizes('Domates Salçası 4.3 kg Teneke')).toEqual([{ dim: 'mass', value: 4300, shown: 4.3 }]);
    expect(catalogSizes('Damacana Su')).toEqual([{ dim: 'vol', value: 19000, shown: 19 }]);
  });

  it('fits, clashes or says nothing', () => {
    const five = catalogSizes('Yağ 5 L');
    expect(sizeFit({ dim: 'vol', value: 5000, shown: 5 }, five)).toBe(1);
    expect(sizeFit({ dim: 'vol', value: 1000, shown: 1 }, five)).toBe(-1);
    expect(sizeFit({ dim: 'mass', value: 1000, shown: 1 }, five)).toBe(0);
    expect(sizeFit({ dim: 'any', value: 5, shown: 5 }, five)).toBe(1);
    expect(sizeFit({ dim: 'any', value: 1.5, shown: 1.5 }, catalogSizes('Su 1.5 L'))).toBe(1);
  });
});

describe('stem (known suffixes, not a stemmer)', () => {
  it('meets the forms customers write', () => {
    expect(stem('yagi')).toBe(stem('yag'));
    expect(stem('yaglari')).toBe(stem('yag'));
    expect(stem('yagi')).not.toBe('yak');
    expect(stem('salcasi')).toBe(stem('salca'));
    expect(stem('kagidi')).toBe(stem('kagit'));
    expect(stem('ekmegi')).toBe(stem('ekmek'));
    expect(stem('suyu')).toBe('su');
    expect(stem('unu')).toBe('un');
    expect(stem('cayi')).toBe(stem('cay'));
    expect(stem('komiliden')).toBe(stem('komili'));
    expect(stem('pilavlik')).toBe(stem('pilav'));
  });
  it('leaves different words apart', () => {
    expect(stem('tuzlu')).not.toBe(stem('tuz'));
    expect(stem('sutlu')).not.toBe(stem('sut'));
    expect(stem('kola')).not.toBe(stem('koli'));
  });
});
