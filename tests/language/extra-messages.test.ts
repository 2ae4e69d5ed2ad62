/**
 * Our own messages, written in the ways customers write: typos, no Turkish
 * letters, capitals, number words, several lines, polite wrappers, quantity
 * after the product, "x5", units with suffixes. Some run against a small
 * catalog unlike the fixture one, to show the rules are general.
 */
import { describe, expect, it } from 'vitest';
import { createParser, readCatalogCsv, type Parser } from '../../src/language/index.ts';
import { fixtureCatalog, fullyRight, type ExpectedLine } from './devset.ts';
import { miniCatalog } from './mini-catalog.ts';

type Want = [string, string, [string | string[], number | null, string | null][]];

const line = ([product, quantity, unit]: Want[2][number]): ExpectedLine =>
  Array.isArray(product) ? { sku: null, candidates: product, quantity, unit } : { sku: product, quantity, unit };

const FIXTURE: Want[] = [
  ['merhaba abi 5 koli pınar süt 3 koli sek süt gönderir misin', 'order', [['SUT-PIN-1L', 5, 'koli'], ['SUT-SEK-1L', 3, 'koli']]],
  ['DOMESTOS 3 KOLI, FAIRY 2 KOLI', 'order', [['TEM-CAM-1L', 3, 'koli'], ['DET-FAI-650', 2, 'koli']]],
  ['aycicek yagi yudum 2 lt 4 koli', 'order', [['YAG-YUD-2L', 4, 'koli']]],
  ['komılı 5 lt 2 koli', 'order', [['YAG-KOM-5L', 2, 'koli']]],
  ['iki koli nohut üç koli kırmızı mercimek', 'order', [['BAK-NOH-1K', 2, 'koli'], ['BAK-MER-KIR-1K', 3, 'koli']]],
  ['Tat domates salçası 830 gr 6 koli', 'order', [['SAL-DOM-830', 6, 'koli']]],
  ['biber salçası 2 koli', 'order', [['SAL-BIB-650', 2, 'koli']]],
  ['3 koli lays 2 koli doritos', 'order', [['CIP-LAY-KLA', 3, 'koli'], ['CIP-DOR-NAC', 2, 'koli']]],
  ['karabiber 2 paket pul biber 1 paket kimyon 1 paket', 'order', [['BAH-KAR-1K', 2, 'paket'], ['BAH-PUL-1K', 1, 'paket'], ['BAH-KIM-1K', 1, 'paket']]],
  ['yumurta 5 koli\npeynir 2 teneke', 'order', [['YUM-30', 5, 'koli'], ['PEY-BEY-1K', 2, 'teneke']]],
  ['ONBEŞ KOLİ ERİKLİ 0,5 LT', 'order', [['ICE-SU-05', 15, 'koli']]],
  ['erikli 1.5 lt 10 koli', 'order', [['ICE-SU-15', 10, 'koli']]],
  ['20 tane damacana', 'order', [['ICE-SU-19L', 20, 'adet']]],
  ['finish 1 koli, pril 1 koli ve cif 2 koli', 'order', [['DET-FIN-100', 1, 'koli'], ['DET-PRI-4K', 1, 'koli'], ['TEM-CIF-750', 2, 'koli']]],
  ['solo 3 balya + selpak havlu 2 balya', 'order', [['KAG-TUV-32', 3, 'balya'], ['KAG-HAV-12', 2, 'balya']]],
  ['dana kıyma 2,5 kilo', 'order', [['ET-KIY-1K', 2.5, 'kg']]],
  ['tavuk göğüs 4 kg tavuk but 6 kg', 'order', [['ET-TAV-GOG', 4, 'kg'], ['ET-TAV-BUT', 6, 'kg']]],
  ['yarım kasa domates bir kasa muz', 'order', [['SEB-DOM', 0.5, 'kasa'], ['MEY-MUZ', 1, 'kasa']]],
  ['patates 2 çuval kuru soğan 1 çuval', 'order', [['SEB-PAT', 2, 'çuval'], ['SEB-SOG', 1, 'çuval']]],
  ['Ülker halley x3 koli', 'order', [['BIS-ULK-HAL', 3, 'koli']]],
  ['nescafe 3ü1 arada 2 koli', 'order', [['KAH-NES-3U1', 2, 'koli']]],
  ['türk kahvesi 1 koli', 'order', [['KAH-KUR-100', 1, 'koli']]],
  ['redbull 2 koli, kutu kola 5 koli, maden suyu 3 koli', 'order', [['ICE-ENE-250', 2, 'koli'], ['ICE-KOL-330', 5, 'koli'], ['ICE-MAD-200', 3, 'koli']]],
  ['omo kaç lira', 'price', [['DET-OMO-6K', null, null]]],
  ['kaşar ve beyaz peynir fiyatı ne', 'price', [['PEY-KAS-600', null, null], ['PEY-BEY-1K', null, null]]],
  ['tereyağı var mı abi', 'stock', [['TEREYAG-500', null, null]]],
  ['çay bardağı kaldı mı', 'stock', [['KIS-BAR-1', null, null]]],
  ['siparişim ne zaman gelecek', 'status', []],
  ['sipariş yolda mı', 'status', []],
  ['dün gelen süt bozuk çıktı', 'complaint', []],
  ['yanlış ürün gelmiş, fairy yerine pril gelmiş', 'complaint', []],
  ['MESAJ ATMAYIN', 'optout', []],
  ['beni yetkili biri arasın', 'human', []],
  ['hayırlı işler', 'greeting', []],
  ['sağolun', 'other', []],
  ['bir de 3 koli fairy', 'order', [['DET-FAI-650', 3, 'koli']]],
  ['5 koli ayçiçek yağı', 'order', [[['YAG-YUD-1L', 'YAG-YUD-2L', 'YAG-YUD-5L', 'YAG-KOM-5L'], 5, 'koli']]],
  ['2 koli çamaşır suyu', 'order', [[['TEM-CAM-1L', 'TEM-CAM-4L'], 2, 'koli']]],
  ['ahmet abi selam 10 koli spagetti 10 koli burgu yolla', 'order', [['MAK-SPA-500', 10, 'koli'], ['MAK-BUR-500', 10, 'koli']]],
  ['sucuk 2 kg sosis 2 kg', 'order', [['ET-SUC-1K', 2, 'kg'], ['ET-SOS-1K', 2, 'kg']]],
  ["1 balya tuvalet kağıdı 32'li", 'order', [['KAG-TUV-32', 1, 'balya']]],
  ['yumoş 2 koli\ncif 1 koli\nfolyo 3 koli', 'order', [['DET-YUM-1L', 2, 'koli'], ['TEM-CIF-750', 1, 'koli'], ['AMB-ALU-1K', 3, 'koli']]],
  ['kesme şeker 2 koli', 'order', [['SEK-KUP-1K', 2, 'koli']]],
  ['toz şeker 50 kg 3 çuval', 'order', [['SEK-TOZ-50K', 3, 'çuval']]],
  ['şalgam 2 koliden', 'order', [['ICE-SAL-300', 2, 'koli']]],
  ['Mısırözü yağı 5 lt 3 koli', 'order', [['YAG-MIS-5L', 3, 'koli']]],
  ['zeytinyağı 2 koli', 'order', [[['YAG-ZEY-1L', 'YAG-ZEY-5L'], 2, 'koli']]],
  ['sızma zeytinyağı 5 lt 1 koli', 'order', [['YAG-ZEY-5L', 1, 'koli']]],
  ['YİRMİBEŞ PAKET ÇAYKUR TİRYAKİ', 'order', [['CAY-TIR-1K', 25, 'paket']]],
  ['tiryaki cay 4 pk', 'order', [['CAY-TIR-1K', 4, 'paket']]],
  ["Pınar'dan 2 koli süt, Sek'ten 1 koli", 'order', [['SUT-PIN-1L', 2, 'koli'], ['SUT-SEK-1L', 1, 'koli']]],
  ['5 koli yudum 5 lt lütfen komili 5 lt 3 koli', 'order', [['YAG-YUD-5L', 5, 'koli'], ['YAG-KOM-5L', 3, 'koli']]],
  ["yudum 5 lt 1200 tl'den 10 koli", 'order', [['YAG-YUD-5L', 10, 'koli']]],
  ['yudumdan 10 koli 5 litrelik', 'order', [['YAG-YUD-5L', 10, 'koli']]],
  ['patron 5 koli kola gönder parası yarın', 'order', [['ICE-KOL-1L', 5, 'koli']]],
  ['geçen haftaki gibi 10 koli yudum 5 lt, 5 koli komili 5 lt', 'order', [['YAG-YUD-5L', 10, 'koli'], ['YAG-KOM-5L', 5, 'koli']]],
  ['Kolay gelsin, bugün 5 koli yudum 5 lt ve 3 koli komili 5 lt alabilir miyim', 'order', [['YAG-YUD-5L', 5, 'koli'], ['YAG-KOM-5L', 3, 'koli']]],
  ['bi koli fairy', 'order', [['DET-FAI-650', 1, 'koli']]],
  ['çeyrek kasa limon', 'order', [['MEY-LIM', 0.25, 'kasa']]],
  ['karton bardak 7 oz 3 koli', 'order', [['AMB-KAR-100', 3, 'koli']]],
  ['müşteri temsilcisi arasın', 'human', []],
  ['borcum ne kadar', 'human', []],
  ['ürünler hasarlı geldi', 'complaint', []],
];

const MINI: Want[] = [
  ['Selam usta, 3 koli kelebek makarna, 2 koli pastavilla spagetti atarmısın', 'order', [['M-KEL-500', 3, 'koli'], ['M-SPA-500', 2, 'koli']]],
  ['ORKİDE 1 LT 2 KOLİ', 'order', [['O-ORK-1L', 2, 'koli']]],
  ['kırlangıç yağ 5lt x3', 'order', [['O-KIR-5L', 3, null]]],
  ['ayran 1 lt 2 koli küçük ayran 3 koli', 'order', [['D-AYR-1L', 2, 'koli'], ['D-AYR-200', 3, 'koli']]],
  ['pepsi kutu 2 koli pepsi 2,5 luk 3 koli', 'order', [['B-PEP-330', 2, 'koli'], ['B-PEP-25', 3, 'koli']]],
  ['hayat 19 lt 10 adet', 'order', [['W-HAY-19', 10, 'adet']]],
  ['osmancık pirinç 1 koli, kırmızı mercimek 2 koli', 'order', [['R-OSM-1K', 1, 'koli'], ['L-MER-1K', 2, 'koli']]],
  ['selpak tuvalet kagidi 3 balya, familya 2 balya', 'order', [['T-SEL-24', 3, 'balya'], ['T-FAM-32', 2, 'balya']]],
  ['tuvalet kağıdı 4 balya', 'order', [[['T-SEL-24', 'T-FAM-32'], 4, 'balya']]],
  ['ace 2 koli pril 1 koli finish 1 koli', 'order', [['C-ACE-35', 2, 'koli'], ['C-PRI-15', 1, 'koli'], ['C-FIN-60', 1, 'koli']]],
  ['eker yoğurt 5 koli', 'order', [['Y-EKR-1500', 5, 'koli']]],
  ['nutella var mı', 'stock', [['N-NUT-750', null, null]]],
  ['3 koli orkde 4 lt', 'order', [['O-ORK-4L', 3, 'koli']]],
  ['5 KOLI KIRLANGIC', 'order', [['O-KIR-5L', 5, 'koli']]],
  ['tamek salca 2 koli', 'order', [['P-TAM-1650', 2, 'koli']]],
  ['Reis baldo pirinç ne zaman gelir', 'stock', [['R-BAL-25', null, null]]],
  ['çokoprens 4 koliden burçak 3 koliden', 'order', [['K-CKP-10', 4, 'koli'], ['K-BRC-10', 3, 'koli']]],
];

// An ERP export: capitals, sizes glued to names, packs like "4X5LT", categories that name the kind.
const ERP_CSV = `sku,name,unit,pack,category,aliases
1001,YUDUM AYÇİÇEK YAĞI 5LT,KOLİ,4X5LT,YAĞ,
1002,YUDUM AYÇİÇEK YAĞI 1LT,KOLİ,12X1LT,YAĞ,
1003,KOMİLİ AYÇİÇEK YAĞI 5LT PET,KOLİ,4X5LT,YAĞ,
1004,ÇAYKUR RİZE TURİST 1000GR,PAKET,1X1000GR,ÇAY,rize çay
1005,ÇAYKUR TİRYAKİ 500GR,PAKET,1X500GR,ÇAY,
1008,PINAR SÜT 1LT TAM YAĞLI,KOLİ,12X1LT,SÜT,
1009,PINAR SÜT 1LT YARIM YAĞLI,KOLİ,12X1LT,SÜT,
1010,PINAR SÜT 200ML KAKAOLU,KOLİ,27X200ML,SÜT,kakaolu süt
1014,ERİKLİ 5LT,ADET,1X5LT,SU,
1015,ERİKLİ 1.5LT,KOLİ,6X1.5LT,SU,
1016,ERİKLİ 0.5LT,KOLİ,12X0.5LT,SU,
1018,FİLİZ MAKARNA SPAGETTİ 500GR,KOLİ,20X500GR,MAKARNA,
1019,FİLİZ MAKARNA BURGU 500GR,KOLİ,20X500GR,MAKARNA,
1021,BİNGO MATİK 9KG,ADET,1X9KG,DETERJAN,bingo
1023,SOLO TUVALET KAĞIDI 32Lİ,BALYA,1X32,KAĞIT,
1024,SOLO TUVALET KAĞIDI 16LI,BALYA,1X16,KAĞIT,
1028,NESCAFE 3Ü1 ARADA 10LU,KOLİ,24X10LU,KAHVE,
1031,BALDO PİRİNÇ KIRIK 5KG,ÇUVAL,1X5KG,BAKLİYAT,kırık pirinç
1032,DR. OETKER KABARTMA TOZU 10LU,KOLİ,20X10LU,PASTACILIK,
`;

const ERP: Want[] = [
  ['yudum 5 lt 10 koli', 'order', [['1001', 10, 'koli']]],
  ['YUDUM 1LT 5 KOLİ', 'order', [['1002', 5, 'koli']]],
  ['ayçiçek yağı 5 lt 2 koli', 'order', [[['1001', '1003'], 2, 'koli']]],
  ['rize turist 1 kg 10 paket', 'order', [['1004', 10, 'paket']]],
  ['tiryaki yarım kilo 5 paket', 'order', [['1005', 5, 'paket']]],
  ['pınar yarım yağlı süt 2 koli', 'order', [['1009', 2, 'koli']]],
  ['6 koli süt', 'order', [[['1008', '1009', '1010'], 6, 'koli']]],
  ['5 litre erikli 10 adet', 'order', [['1014', 10, 'adet']]],
  ['erikli 1,5 luk 6 koli', 'order', [['1015', 6, 'koli']]],
  ['erikli yarımlık 10 koli', 'order', [['1016', 10, 'koli']]],
  ['makarna 3 koli', 'order', [[['1018', '1019'], 3, 'koli']]],
  ['bingo 9 kg 5 adet', 'order', [['1021', 5, 'adet']]],
  ["solo 16'lı 2 balya", 'order', [['1024', 2, 'balya']]],
  ['nescafe 3ü1 arada 3 koli', 'order', [['1028', 3, 'koli']]],
  ['deterjan var mı', 'stock', [['1021', null, null]]],
  ['2 çuval kırık pirinç', 'order', [['1031', 2, 'çuval']]],
  ['Dr. Oetker kabartma tozu 4 koli', 'order', [['1032', 4, 'koli']]],
  ['tirykai 2 paket, spagettti 1 koli', 'order', [['1005', 2, 'paket'], ['1018', 1, 'koli']]],
];

function check(parser: Parser, cases: Want[]) {
  const wrong: string[] = [];
  for (const [text, intent, lines] of cases) {
    const got = parser.parse(text);
    if (!fullyRight({ intent, lines: lines.map(line) }, got)) {
      wrong.push(`${JSON.stringify(text)} → ${got.intent} ${JSON.stringify(got.lines.map(({ text: _t, ...l }) => l))}`);
    }
  }
  return wrong;
}

describe('our own Turkish messages', () => {
  it('fixture catalog', () => {
    expect(FIXTURE.length).toBeGreaterThanOrEqual(40);
    expect(check(createParser(fixtureCatalog()), FIXTURE)).toEqual([]);
  });
  it('a different, inline catalog', () => {
    expect(check(createParser(miniCatalog()), MINI)).toEqual([]);
  });
  it('an ERP export in capitals', () => {
    expect(check(createParser(readCatalogCsv(ERP_CSV)), ERP)).toEqual([]);
  });
});
