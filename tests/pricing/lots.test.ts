import { describe, expect, it } from 'vitest';
import { resolveLine } from '../../src/pricing/lots.ts';
import { parsePack, locative } from '../../src/pricing/units.ts';

const wholesale = { sellsUnits: false, minLotUnits: 1 };
const online = { sellsUnits: true, minLotUnits: 1 };
const kasar = { name: 'Pınar Kaşar Peyniri 600 g', unit: 'koli', pack: '8 x 600 g' };
const yudum1 = { name: 'Yudum Ayçiçek Yağı 1 L', unit: 'koli', pack: '12 x 1 L' };

describe('pack sizes', () => {
  it('reads the pieces in a selling unit and their content', () => {
    expect(parsePack('12 x 1 L')).toEqual({ count: 12, each: { amount: 1, unit: 'lt' } });
    expect(parsePack('48 x 250 g')).toEqual({ count: 48, each: { amount: 0.25, unit: 'kg' } });
    expect(parsePack('1 kg')).toEqual({ count: 1, each: { amount: 1, unit: 'kg' } });
    expect(parsePack('50 kg').count).toBe(1);
    expect(parsePack("12 x 100'lü")).toEqual({ count: 12, each: null });
    expect(parsePack('9 x 1.44 L')).toEqual({ count: 9, each: { amount: 1.44, unit: 'lt' } });
    expect(parsePack('').count).toBe(1);
  });

  it('puts Turkish locative endings in harmony', () => {
    expect(['koli', 'paket', 'çuval', 'kasa', 'balya', 'teneke'].map(locative)).toEqual(['kolide', 'pakette', 'çuvalda', 'kasada', 'balyada', 'tenekede']);
  });
});

describe('lot rules', () => {
  it('a koli product ordered in adet on a wholesale list gets the nearest whole koli', () => {
    const r = resolveLine(kasar, wholesale, { quantity: 10, unit: 'adet' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problem.message).toBe('Pınar Kaşar Peyniri 600 g kolide satılıyor (8 adet). 10 adet yerine 1 koli (8) ya da 2 koli (16) yazabilirim.');
    expect(r.problem.suggestions).toEqual([
      { quantity: 1, unit: 'koli', pieces: 8 },
      { quantity: 2, unit: 'koli', pieces: 16 },
    ]);
  });

  it('fewer pieces than one koli suggests only one koli', () => {
    const r = resolveLine(kasar, wholesale, { quantity: 5, unit: 'adet' });
    expect(!r.ok && r.problem.suggestions).toEqual([{ quantity: 1, unit: 'koli', pieces: 8 }]);
  });

  it('pieces that make whole koli are converted without a question', () => {
    const r = resolveLine(kasar, wholesale, { quantity: 16, unit: 'adet' });
    expect(r).toMatchObject({ ok: true, quantity: 2, unit: 'koli', stockQuantity: 2, converted: true });
  });

  it('whole selling units pass as they are; no unit means the selling unit', () => {
    expect(resolveLine(kasar, wholesale, { quantity: 3, unit: 'koli' })).toMatchObject({ ok: true, quantity: 3, unit: 'koli', perSellingUnit: 1 });
    expect(resolveLine(kasar, wholesale, { quantity: 3, unit: null })).toMatchObject({ ok: true, quantity: 3, unit: 'koli' });
  });

  it('the online list sells single pieces out of a koli', () => {
    const r = resolveLine(yudum1, online, { quantity: 3, unit: 'adet' });
    expect(r).toMatchObject({ ok: true, quantity: 3, unit: 'adet', perSellingUnit: 1 / 12, stockQuantity: 0.25 });
    expect(resolveLine(yudum1, online, { quantity: 3, unit: null })).toMatchObject({ ok: true, unit: 'adet', quantity: 3 });
    expect(resolveLine(yudum1, online, { quantity: 2, unit: 'koli' })).toMatchObject({ ok: true, unit: 'koli', quantity: 2 });
  });

  it('half a crate is not sold; the answer names whole crates', () => {
    const r = resolveLine({ name: 'Limon', unit: 'kasa', pack: '1 x 18 kg' }, wholesale, { quantity: 0.5, unit: 'kasa' });
    expect(!r.ok && r.problem.message).toBe('Limon kasa ile satılıyor. 0,5 kasa yerine 1 kasa yazabilirim.');
  });

  it('products sold by weight take fractions', () => {
    expect(resolveLine({ name: 'Dana Kıyma 1 kg', unit: 'kg', pack: '1 kg' }, wholesale, { quantity: 1.5, unit: 'kg' })).toMatchObject({ ok: true, quantity: 1.5, unit: 'kg' });
  });

  it('a weight converts to pieces when it is exact (5 kg sucuk of 1 kg pieces)', () => {
    expect(resolveLine({ name: 'Sucuk 1 kg', unit: 'adet', pack: '1 kg' }, wholesale, { quantity: 5, unit: 'kg' })).toMatchObject({ ok: true, quantity: 5, unit: 'adet', converted: true });
    const r = resolveLine({ name: 'Toz Şeker 1 kg', unit: 'koli', pack: '10 x 1 kg' }, wholesale, { quantity: 24, unit: 'kg' });
    expect(!r.ok && r.problem.suggestions.map((s) => s.quantity)).toEqual([2, 3]);
  });

  it('"4 teneke" of a product sold by the piece is 4 pieces', () => {
    expect(resolveLine({ name: 'Beyaz Peynir 1 kg Teneke Dilim', unit: 'adet', pack: '1 kg' }, wholesale, { quantity: 4, unit: 'teneke' })).toMatchObject({ ok: true, quantity: 4, unit: 'adet' });
  });

  it('a unit the product is not sold in gets a plain answer', () => {
    const r = resolveLine({ name: 'Çaykur Tiryaki Çay 1 kg', unit: 'paket', pack: '1 kg' }, wholesale, { quantity: 2, unit: 'koli' });
    expect(!r.ok && r.problem).toMatchObject({ kind: 'unit', message: 'Çaykur Tiryaki Çay 1 kg paket ile satılıyor. 2 koli yerine 2 paket yazabilirim.' });
  });

  it('a list minimum per line is enforced', () => {
    const r = resolveLine(kasar, { sellsUnits: false, minLotUnits: 2 }, { quantity: 1, unit: 'koli' });
    expect(!r.ok && r.problem).toMatchObject({ kind: 'min_lot', suggestions: [{ quantity: 2, unit: 'koli', pieces: 16 }] });
  });

  it('zero or nonsense quantities are refused', () => {
    expect(resolveLine(kasar, wholesale, { quantity: 0, unit: 'koli' }).ok).toBe(false);
    expect(resolveLine(kasar, wholesale, { quantity: Number.NaN, unit: 'koli' }).ok).toBe(false);
  });
});
