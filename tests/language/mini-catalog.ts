/** A small catalog, unlike the fixture one, to show the rules are general. */
import { readCatalogCsv } from '../../src/language/catalog.ts';

export const MINI_CSV = `sku,name,unit,pack,category,aliases
M-KEL-500,Pastavilla Kelebek Makarna 500 g,koli,20 x 500 g,Makarna,kelebek
M-SPA-500,Pastavilla Spagetti 500 g,koli,20 x 500 g,Makarna,
M-BAR-500,Barilla Spaghetti No5 500 g,koli,24 x 500 g,Makarna,barilla
O-ORK-4L,Orkide Ayçiçek Yağı 4 L,koli,4 x 4 L,Yağ,orkide
O-ORK-1L,Orkide Ayçiçek Yağı 1 L,koli,12 x 1 L,Yağ,
O-KIR-5L,Kırlangıç Ayçiçek Yağı 5 L,koli,4 x 5 L,Yağ,kırlangıç
O-KIR-18L,Kırlangıç Ayçiçek Yağı 18 L Teneke,adet,1 x 18 L,Yağ,
D-AYR-1L,Sütaş Ayran 1 L,koli,12 x 1 L,Süt,
D-AYR-200,Sütaş Ayran 200 ml,koli,24 x 200 ml,Süt,küçük ayran
D-TOR-1L,Torku Tam Yağlı Süt 1 L,koli,12 x 1 L,Süt,torku süt
B-PEP-25,Pepsi 2.5 L,koli,6 x 2.5 L,İçecek,pepsi
B-PEP-330,Pepsi Kutu 330 ml,koli,24 x 330 ml,İçecek,kutu pepsi
B-GAZ-1L,Uludağ Gazoz 1 L,koli,12 x 1 L,İçecek,gazoz
W-HAY-19,Hayat Su 19 L,adet,1 x 19 L,İçecek,hayat damacana
W-HAY-05,Hayat Su 0.5 L,koli,24 x 0.5 L,İçecek,
R-BAL-25,Reis Baldo Pirinç 2.5 kg,koli,6 x 2.5 kg,Bakliyat,
R-OSM-1K,Reis Osmancık Pirinç 1 kg,koli,10 x 1 kg,Bakliyat,
L-MER-1K,Yayla Kırmızı Mercimek 1 kg,koli,10 x 1 kg,Bakliyat,
T-SEL-24,Selpak Tuvalet Kağıdı 24'lü,balya,1 x 24'lü,Kağıt,
T-FAM-32,Familia Tuvalet Kağıdı 32'li,balya,1 x 32'li,Kağıt,familya
P-TAM-1650,Tamek Domates Salçası 1650 g,koli,6 x 1650 g,Konserve,
P-ONC-700,Öncü Biber Salçası 700 g,koli,12 x 700 g,Konserve,öncü
C-ACE-35,Ace Çamaşır Suyu 3.5 L,koli,4 x 3.5 L,Temizlik,ace
C-PRI-15,Pril Bulaşık Deterjanı 1.5 L,koli,9 x 1.5 L,Temizlik,pril
C-FIN-60,Finish Tablet 60'lı,koli,6 x 60'lı,Temizlik,
Y-EKR-1500,Eker Süzme Yoğurt 1500 g,koli,6 x 1500 g,Süt,eker yoğurt
K-CKP-10,Ülker Çokoprens 10'lu,koli,12 x 10'lu,Bisküvi,çokoprens
K-BRC-10,Eti Burçak 10'lu,koli,12 x 10'lu,Bisküvi,burçak
N-NUT-750,Nutella 750 g,koli,6 x 750 g,Kahvaltılık,
E-SUC-1K,Kasap Sucuk,kg,1 kg,Şarküteri,sucuk
`;

export const miniCatalog = () => readCatalogCsv(MINI_CSV);
