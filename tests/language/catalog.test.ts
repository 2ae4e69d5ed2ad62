import { describe, expect, it } from 'vitest';
import { readCatalogCsv } from '../../src/language/catalog.ts';
import { fixtureCatalog } from './devset.ts';

describe('readCatalogCsv', () => {
  it('reads the fixture catalog with its aliases', () => {
    const products = fixtureCatalog();
    expect(products.length).toBeGreaterThan(100);
    const zey = products.find((p) => p.sku === 'YAG-ZEY-1L')!;
    expect(zey).toMatchObject({ name: 'Komili Riviera Zeytinyağı 1 L', unit: 'koli', pack: '12 x 1 L', category: 'Yağ' });
    expect(zey.aliases).toEqual(['zeytinyağı', 'riviera']);
    expect(products.find((p) => p.sku === 'YAG-YUD-1L')!.aliases).toEqual([]);
  });

  it('accepts quoted fields, a BOM and missing optional columns', () => {
    const csv = '\ufeffsku,name,unit,pack,category,aliases\nA1,"Çay, siyah 1 kg",paket,1 kg,Çay,çay|kara çay\n';
    expect(readCatalogCsv(csv)).toEqual([{ sku: 'A1', name: 'Çay, siyah 1 kg', unit: 'paket', pack: '1 kg', category: 'Çay', aliases: ['çay', 'kara çay'] }]);
    expect(readCatalogCsv('sku,name\nB1,Bal\n')).toEqual([{ sku: 'B1', name: 'Bal', unit: '', pack: '', category: '', aliases: [] }]);
  });

  it('throws an error listing every bad row with its line number', () => {
    const csv = 'sku,name,unit,pack,category,aliases\nA1,Bal,koli,,,\n,Yağ,koli,,,\nA3,,koli,,,\nA1,Tuz,koli,,,\n';
    expect(() => readCatalogCsv(csv)).toThrow(/line 3: .*sku[\s\S]*line 4: .*name[\s\S]*line 5: sku A1 already on line 2/);
  });

  it('refuses a file without the required columns', () => {
    expect(() => readCatalogCsv('code,title\n1,x\n')).toThrow(/line 1: missing column/);
  });
});
