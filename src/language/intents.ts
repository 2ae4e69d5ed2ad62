/**
 * What a message is about, from phrases in the folded text. The parser
 * combines these signals with the order lines it found (index.ts).
 */
export type Intent = 'order' | 'stock' | 'price' | 'status' | 'complaint' | 'optout' | 'human' | 'greeting' | 'other';

export interface Signals {
  optout: boolean;
  human: boolean;
  complaint: boolean;
  /** about an order already placed ("siparişim ne zaman gelir") */
  status: boolean;
  /** the message speaks of an order ("sipariş"), so "ne zaman gelir" is about delivery */
  mentionsOrder: boolean;
  price: boolean;
  stock: boolean;
  /** "ne zaman gelir" with nothing else: stock if a product is named, else status */
  when: boolean;
  greeting: boolean;
}

const any = (res: RegExp[], s: string) => res.some((re) => re.test(s));

// Patterns run on " folded text " (padded with spaces), so " x" means a word starting with x.
const OPTOUT_WHOLE = /^ (dur|stop|iptal|durdur|abonelikten cik|listeden cik|cik|unsubscribe)( lutfen| tesekkurler)? $/;
const OPTOUT = [
  / (mesaj|mesajlar|mesajlari|mesaji|reklam|reklamlar|kampanya|kampanyalar|bildirim|bildirimler|duyuru|duyurular|sms)\w*( \w+){0,3} (atmayin|atmayiniz|atma|atmayiz|gondermeyin|gondermeyiniz|gonderme|yollamayin|yollamayiniz|istemiyorum|istemiyoruz|durdurun|durdur|kesin|kes)\b/,
  / (listenizden|listeden|abonelikten|aboneligimi) (cikar|cikarin|cikarir|sil|silin|cik)/,
  / rahatsiz etmeyin/,
  / bir daha (mesaj|yazmayin|atmayin)/,
  / (mesaj|reklam) atmayin/,
];
const HUMAN = [
  / (beni|bizi) (biri |birisi |bir yetkili |yetkili )?(arayabilir|arasin|arar|arayin|arayiniz|ara)\w*/,
  / (biri|birisi|yetkili|temsilci|sorumlu|mudur|plasiyer)\w* (arayabilir|arasin|arar|donebilir|donsun|ilgilensin|yazsin|baksin)\w*/,
  / telefon(la)? (acar|acin|acabilir|eder|edin|ile)\w*/,
  / (arayabilir misiniz|arayabilirmisiniz|arar misiniz|ararmisiniz|arayin|arayiniz|ararsaniz|geri donus yap|donus yapar)/,
  / (yetkili|temsilci|operator|canli destek|musteri hizmetleri|gercek (bir )?(kisi|insan)|insanla|bir insan|patronla|sahibiyle)\w*/,
  / (konusmak|gorusmek|konusabilir|gorusebilir|konusalim|gorusmemiz)\w*/,
  / bot (musun|degil)|robot/,
  // the balance of the account: staff answers it, it is not a product price
  / (hesab|hesap|borc|bakiye|cari)\w*( \w+){0,2} (ne kadar|nedir|kac)/,
];
const COMPLAINT = [
  / (kirik|kirilmis|kirildi|patlak|patlamis|patladi|bozuk|bozulmus|bozuldu|curuk|curumus|ezik|ezilmis|yirtik|yirtilmis|akmis|akiyor|bayat|kufl|kuflen|kokmus|kokuyor|hasarli|hasar|hatali|rezalet|berbat|sikayet|iade)\w*/,
  / eksik(?!siz)\w*/,
  / yanlis(?! (yazdim|yazmisim|yazdik|oldu|anlasilma))\w*/,
  / (tarihi|skt) (gecmis|gecti|dolmus)/,
  / memnun (degil|kalmadim|kalmadik)/,
  / (gec kaldi|gec geldi|hala gelmedi|halen gelmedi|daha gelmedi|hala bekliyorum|hala yok|gelmedi)\b/,
  / (saattir|gundur|haftadir) bekli/,
];
const ORDER_WORD = / siparis\w*/;
const STATUS = [
  / (ne zaman|nerede|ne oldu|ne durumda|durumu|durum|yolda|yola|cikti|ciktimi|geliyor mu|gelecek|gelir|gelirmi|hazir|hazirlandi|kargo|teslim|ulasti|gonderildi|gonderdiniz|ne asamada)\b/,
];
const STATUS_ALONE = [
  / yola (cikti|ciktimi|cikar|cikacak)/,
  / (kargom|kargomuz|siparisim|siparisimiz) (nerede|ne oldu|nerde)/,
  / (arac|sofor|teslimat|dagitim|servis)\w* ne zaman/,
  / ne zaman (gelirsiniz|geleceksiniz|getirirsiniz|teslim|gonderirsiniz|gonderiyorsunuz|yola)/,
];
const PRICE = [/ (kac lira|kac tl|kaca|kac para|kactan|kac liraya|kac paraya|fiyat|ucret|tutar|ne kadar|ne kadardir|liste fiyat)\w*/];
const STOCK = [
  / (var mi|varmi|var mu|varmidir|var midir|yok mu|yokmu|kaldi mi|kaldimi|kalmadi mi|mevcut mu|mevcutmu|stok|geldi mi|geldimi|gelmis mi|gelmismi|gelir mi|gelirmi|bulunur mu|bulunuyor mu|elinizde|sizde var)\w*/,
];
const WHEN = / ne zaman (gel|gir|dus|olur)\w*/;
const GREETING = [
  / (merhaba|merhabalar|mrb|mrhb|meraba|selam|selamlar|slm|sa|selamun aleykum|selamunaleykum|gunaydin|iyi gunler|iyi aksamlar|iyi calismalar|kolay gelsin|hayirli isler|hayirli sabahlar|hayirli gunler|iyi bayramlar|hayirli cumalar|nasilsiniz|iyi aksamlar)\b/,
];

/** Signals of a message, given in its folded form (see fold). */
export function signals(folded: string, isProductWord: (word: string) => boolean = () => false): Signals {
  const s = ` ${folded} `;
  // "kırık pirinç" is a product, not a complaint
  const complaint = COMPLAINT.some((re) => {
    for (const m of s.matchAll(new RegExp(re.source, 'g'))) if (!isProductWord(m[0].trim().split(' ')[0])) return true;
    return false;
  });
  const mentionsOrder = ORDER_WORD.test(s);
  return {
    optout: OPTOUT_WHOLE.test(s) || any(OPTOUT, s),
    human: any(HUMAN, s),
    complaint,
    status: (mentionsOrder && any(STATUS, s)) || any(STATUS_ALONE, s),
    mentionsOrder,
    price: any(PRICE, s),
    stock: any(STOCK, s) || WHEN.test(s),
    when: WHEN.test(s),
    greeting: any(GREETING, s),
  };
}
