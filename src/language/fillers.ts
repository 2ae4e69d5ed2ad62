/**
 * Words around order lines that never name a product: greetings, forms of
 * address, request verbs, time words and the question words of stock and price
 * questions. Folded. A catalog that does use one of them (a brand "Bizim")
 * still gets it, as an optional word (see segment.ts).
 */
const FILLERS = `
merhaba merhabalar mrb mrhb meraba slm selam selamlar selamun selamunaleykum aleykum aleykumselam sa as
gunaydin iyi gunler aksamlar calismalar kolay gelsin hayirli isler sabahlar gunler nasilsin nasilsiniz
tesekkurler tesekkur tesekkurs tsk tskler sagol sagolun sag ol olun eyv eyvallah rica ederim ederiz
lutfen lutfn tmm tamam ok okey allah razi kolaylik hayir evet
abi abim abicim abla ablacim hocam hoca usta ustam reis kardesim kardes bey beyefendi hanim hanimefendi
efendim kanka dostum arkadaslar
ben biz bana bize benim bizi beni sen siz size sana sizin sizde bu bunu bunlari bunlar sunu onu onlari
her hep hepsi tum butun bi bide birde ayrica daha ki veya yada ya gibi kadar icin diye ama fakat sadece
da de te ta
bugun yarin simdi hemen acil acele aksam sabah oglen hafta haftaya pazartesi sali carsamba persembe cuma
cumartesi pazar saat dun dunku gecen sonra once erken zamanki zamankinden zamankiler ayni aynisi
gonder gonderir gonderin gonderiniz gonderirmisin gonderirmisiniz gonderebilir gonderebilirmisin
gonderebilirmisiniz gonderelim gondermeni gonderirsen gonderirseniz gonderirsiniz yolla yollar
yollayin yollarmisin yollarmisiniz yollayabilir yollayabilirmisin yollarsin ayir ayirir ayirin
ayirabilir ayirirmisin ayirirmisiniz ayirabilirmisiniz ayirirsiniz ayirirsin ayirin yaz yazar yazin
yazarmisin yazarmisiniz yazabilir yazalim yazarsin yazarsiniz ekle ekler ekleyin ekleyebilir ekleyelim
eklermisin eklermisiniz getir getirin getirir getirebilir getirirmisin getirirmisiniz ver verir verin
verebilir verirmisin hazirla hazirlar hazirlayin hazirlarmisin at atar atin atarmisin al alalim
alacagim alacagiz alicam alcam alayim alirim aliriz istiyorum istiyoruz isterim isteriz istiyoz lazim
lazimdi gerek gerekiyor olsun olur olurmu olacak yapar yap yapin yaparmisin eder edin edermisin
edebilir siparis siparisim siparisimiz siparisi siparisler siparise siparisimi siparisimize
mi mu misin misiniz musun musunuz miyiz muyuz mudur midir
var varmi varmidir yok yokmu kaldi kaldimi kalmadi mevcut mevcutmu stok stokta stokda stoklarda zaman
ne nedir neydi gelir gelirmi gelecek geldi geldimi gelmedi fiyat fiyati fiyatlari fiyatini fiyatlar
fiyatlariniz fiyatiniz kac kaca kactan kaclik lira tl para ucret ucreti tutar acaba elinizde bulunur
bulunuyor toplam fazla az biraz
miyim muyum misin musun miyiz muyuz alabilir alabilirmiyim alabilirmiyiz alirmiyim alir alinir
gun gunu gune gunden dakika sonra ocak subat mart nisan mayis haziran temmuz agustos eylul ekim kasim aralik
para parasi parayi odeme odemesi odemeyi hesap hesabi hesaba borc borcum fatura faturasi cek senet havale eft iban
nakit elden ayni aynisindan aynisini haftaki gecenki dukkan dukkana dukkan icin sevinirim canim
tl lira liradan liraya tlden tlye try peki hadi haydi tabi tabii artik simdilik yine tekrar
`;

/** Words no product name starts with: "siparişime", "teşekkür ederim", "gönderebilir misiniz". */
const FILLER_START = /^(siparis|tesekkur|merhaba|selam|gonder|yolla|rica|lutfen|ayir|getir|hazirla)/;
/** Endings of verbs and question particles, for words the catalog does not know. */
const VERB_END = /(abilir|ebilir|iyor|uyor|iyoz|uyoz|acag|eceg|acak|ecek|icem|icez|ucam|acam|ecem|misin|misiniz|musun|musunuz|miyim|miyiz|muyum|muyuz|mayin|meyin|mayiniz|meyiniz|sana|sene|irsen|ursen|arsan|ersen|arsin|ersin|irsin|ursun|irsiniz|arsiniz|ersiniz|yin|yiniz|yalim|yelim|ayim|eyim)$/;

export function isFiller(word: string): boolean {
  return FILLER_WORDS.has(word) || FILLER_START.test(word);
}

/** A word the catalog does not know that reads like a verb ("atarsın", "alabilir miyim"). */
export function looksLikeVerb(word: string): boolean {
  return VERB_END.test(word);
}

const FILLER_WORDS = new Set(FILLERS.split(/\s+/).filter(Boolean));

/** Forms of address: the word before one is a name ("Ahmet Bey", "Mehmet abi"). */
export const TITLES = new Set(['bey', 'beyefendi', 'hanim', 'hanimefendi', 'abi', 'abla', 'usta', 'hocam']);

/** Words that separate order lines like a comma does. */
export const LINE_BREAK_WORDS = new Set(['ve', 'ile', 'arti', 'bide', 'birde']);
