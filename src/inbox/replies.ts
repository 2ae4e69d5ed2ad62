// What a customer's short reply means while the bot waits for an answer: yes, no, a numbered
// choice, or an edit of the pending draft ("çayı 4 yap", "yağı çıkar", "bir de 2 koli şeker").
// Pure: no I/O, tested on its own.
import { words } from '../language/normalize.ts';
import { parseNumberAt } from '../language/numbers.ts';
import { stem } from '../language/suffixes.ts';
import { unitWord } from '../language/units.ts';

/** A line of the pending draft as the reply matcher sees it. */
export interface DraftLineRef {
  sku: string;
  name: string;
  aliases?: string[];
  category?: string;
  unit?: string;
}

export type ReplyMeaning =
  | { kind: 'yes' }
  | { kind: 'no' }
  | { kind: 'choice'; n: number }
  /** Set the quantity of a draft line (index into the lines). */
  | { kind: 'set'; line: number; quantity: number; unit: string | null }
  | { kind: 'remove'; line: number }
  /** Add what the text names (to be parsed as order lines). */
  | { kind: 'add'; text: string }
  /** An edit whose product could not be told apart: these lines fit equally. */
  | { kind: 'unclear'; lines: number[]; edit: 'set' | 'remove' }
  | { kind: 'none' };

const YES = new Set([
  'evet', 'evt', 'e', 'ee', 'tamam', 'tmm', 'tamamdir', 'onay', 'onayliyorum', 'onayliyoruz', 'onayla', 'onaylayin',
  'ok', 'okey', 'okay', 'olur', 'uygun', 'kabul', 'aynen', 'peki', 'tabi', 'tabii', 'dogru',
]);
const YES_EMOJI = /^(?:👍|👌|✅|✔️|✔|🙏|👍🏻|👍🏼|👍🏽|👍🏾|👍🏿)+$/u;
const NO = new Set(['hayir', 'hyr', 'iptal', 'vazgectim', 'vazgectik', 'istemiyorum', 'istemiyoruz', 'yok', 'olmasin', 'gerek', 'gerekmez', 'kalsin', 'vazgec']);
/** Words that may stand around yes/no without changing it ("evet lütfen gönderin", "iptal et"). */
const SOFT = new Set([
  'lutfen', 'abi', 'abla', 'bey', 'hanim', 'hocam', 'gonder', 'gonderin', 'gonderebilirsiniz', 'gonderelim', 'yolla', 'yollayin',
  'et', 'edin', 'edelim', 'siparis', 'siparisi', 'siparisim', 'siparisimi', 'hepsi', 'hadi', 'kesinlikle', 'cok', 'iyi',
  'simdilik', 'su', 'an', 'ediyorum', 'ediyoruz', 'onayliyorum', 'tesekkurler', 'sagol', 'sagolun', 'tesekkur', 'ederim',
  'olsun', 'boyle', 'bu', 'sekilde', 'dogru',
]);

const SET_VERBS = new Set(['yap', 'yapin', 'yapalim', 'yapiniz', 'yaparmisin', 'yaparmisiniz', 'olsun', 'olarak', 'olacak', 'cikar', 'cikart', 'dusur', 'arttir', 'artir', 'degistir', 'guncelle']);
const REMOVE_VERBS = new Set(['cikar', 'cikart', 'cikarin', 'cikartin', 'sil', 'silin', 'kaldir', 'kaldirin', 'iptal', 'istemiyorum', 'istemiyoruz', 'olmasin', 'vazgectim', 'cikarabilir', 'cikarir']);
const ADD_STARTS = [['bir', 'de'], ['bi', 'de'], ['birde'], ['bide'], ['ayrica'], ['arti'], ['ek', 'olarak'], ['ilave']];
const ADD_WORDS = new Set(['ekle', 'ekleyin', 'ekler', 'eklermisin', 'eklermisiniz', 'ilave', 'ekleyebilir', 'ekleyelim']);
const EDIT_NOISE = new Set(['lutfen', 'abi', 'abla', 'bey', 'hanim', 'hocam', 'da', 'de', 'te', 'ta', 'onu', 'bunu', 'sunu', 'siparisten', 'siparisteki', 'tane', 'e', 'a', 'ye', 'ya', 're', 'ra']);
const ORDINALS: Record<string, number> = { birinci: 1, ilk: 1, ikinci: 2, ucuncu: 3, dorduncu: 4, besinci: 5, altinci: 6, yedinci: 7, sekizinci: 8, dokuzuncu: 9, onuncu: 10 };
const CHOICE_TAIL = new Set(['numara', 'nolu', 'no', 'olan', 'sira', 'secenek', 'lutfen', 'numarali']);

/** Plain yes / no, independent of any draft ("evet", "👍", "iptal", "vazgeçtim"). */
export function yesNo(text: string): 'yes' | 'no' | null {
  const t = text.trim();
  if (!t) return null;
  if (YES_EMOJI.test(t.replace(/\s+/g, ''))) return 'yes';
  const ws = words(t);
  if (!ws.length || ws.length > 6) return null;
  const hasYes = ws.some((w) => YES.has(w));
  const hasNo = ws.some((w) => NO.has(w));
  if (hasYes === hasNo) return null;
  const rest = ws.filter((w) => !YES.has(w) && !NO.has(w) && !SOFT.has(w));
  if (rest.length) return null;
  // "yok" alone is no; "gerek yok" too; "evet" with "yok" was filtered above.
  return hasYes ? 'yes' : 'no';
}

/** "2", "2.", "2)", "2 numara", "ikinci" → 2; null otherwise. */
export function choiceNumber(text: string, max = 99): number | null {
  const t = text.trim();
  const m = /^(\d{1,2})\s*[.)\-:]?\s*$/.exec(t);
  let n: number | null = m ? Number(m[1]) : null;
  if (n === null) {
    const ws = words(t);
    if (!ws.length || ws.length > 3) return null;
    const first = ws[0];
    if (/^\d{1,2}$/.test(first)) n = Number(first);
    else if (ORDINALS[first] !== undefined) n = ORDINALS[first];
    else {
      const num = parseNumberAt(ws, 0);
      if (num && !num.dozen && Number.isInteger(num.value) && num.next === 1) n = num.value;
    }
    if (n === null || !ws.slice(1).every((w) => CHOICE_TAIL.has(w) || w === 'ci' || w === 'inci')) return null;
  }
  return n !== null && n >= 1 && n <= max ? n : null;
}

interface LineKeys {
  exact: Set<string>;
  all: string[];
}

function keysOf(line: DraftLineRef): LineKeys {
  const ws = [line.name, ...(line.aliases ?? []), line.category ?? ''].flatMap((s) => words(s));
  const all = ws.filter((w) => !/^\d/.test(w) && w.length >= 2).map(stem);
  return { exact: new Set(all), all };
}

function wordScore(w: string, keys: LineKeys): number {
  const s = stem(w);
  if (keys.exact.has(s) || keys.exact.has(w)) return 1;
  if (s.length >= 3 && keys.all.some((k) => k.startsWith(s) || (k.length >= 3 && s.startsWith(k)))) return 0.7;
  return 0;
}

/** Which draft lines the product words point at: the best-scoring ones (several when tied). */
export function matchDraftLines(productWords: string[], lines: DraftLineRef[]): number[] {
  if (!productWords.length || !lines.length) return [];
  const keys = lines.map(keysOf);
  const scores = keys.map((k) => productWords.reduce((s, w) => s + wordScore(w, k), 0));
  const best = Math.max(...scores);
  if (best <= 0) return [];
  return scores.flatMap((s, i) => (Math.abs(s - best) < 1e-9 ? [i] : []));
}

/** "2. satırı", "2. ürünü" → line index 1. */
function lineByNumber(ws: string[]): { index: number; used: number[] } | null {
  for (let i = 0; i + 1 < ws.length; i++) {
    if (/^\d{1,2}$/.test(ws[i]) && /^(satir|satiri|satirdaki|urun|urunu|kalem|kalemi|sira|sirayi|siradaki)$/.test(ws[i + 1])) {
      return { index: Number(ws[i]) - 1, used: [i, i + 1] };
    }
  }
  return null;
}

function startsWithAdd(ws: string[]): number {
  for (const s of ADD_STARTS) if (s.every((w, i) => ws[i] === w)) return s.length;
  return 0;
}

/**
 * Reads a reply to a pending draft summary. `lines` are the draft's lines in the order shown.
 * `text` is kept as written for "add" (the caller parses it as order lines).
 */
export function interpretReply(text: string, lines: DraftLineRef[] = []): ReplyMeaning {
  const yn = yesNo(text);
  if (yn) return { kind: yn };
  const choice = choiceNumber(text);
  if (choice !== null) return { kind: 'choice', n: choice };

  const ws = words(text);
  if (!ws.length) return { kind: 'none' };

  // "bir de 2 koli şeker", "+ 2 koli şeker", "2 koli şeker ekle"
  const addLead = startsWithAdd(ws);
  const plusLead = /^\s*\+/.test(text);
  const addWord = ws.findIndex((w) => ADD_WORDS.has(w));
  if (addLead || plusLead || addWord >= 0) {
    const rest = ws.filter((w, i) => i >= addLead && !ADD_WORDS.has(w));
    if (rest.length) return { kind: 'add', text: stripAddWords(text) };
  }

  const byNumber = lineByNumber(ws);
  const verbAt = ws.findIndex((w) => SET_VERBS.has(w));
  const removeAt = ws.findIndex((w) => REMOVE_VERBS.has(w));

  // Find a quantity (not the "2." of "2. satır"), optionally followed by a unit.
  let quantity: number | null = null;
  let unit: string | null = null;
  const used = new Set<number>(byNumber?.used ?? []);
  for (let i = 0; i < ws.length; i++) {
    if (used.has(i)) continue;
    const n = parseNumberAt(ws, i);
    if (!n) continue;
    // A number glued to a size word ("5 lt", "1 kg") names the product, not the quantity, when another number follows.
    const after = ws[n.next];
    const uw = after ? unitWord(after) : undefined;
    if (uw?.kind === 'measure' && ws.slice(n.next + 1).some((w, k) => !used.has(n.next + 1 + k) && /^\d/.test(w))) {
      used.add(i);
      used.add(n.next);
      i = n.next;
      continue;
    }
    quantity = n.value;
    for (let k = i; k < n.next; k++) used.add(k);
    if (uw?.unit) {
      unit = uw.unit;
      used.add(n.next);
    }
    break;
  }

  const productWords = ws.filter(
    (w, i) => !used.has(i) && !SET_VERBS.has(w) && !REMOVE_VERBS.has(w) && !EDIT_NOISE.has(w) && !unitWord(w) && !/^\d/.test(w),
  );

  const target = (edit: 'set' | 'remove'): ReplyMeaning | null => {
    if (byNumber) return byNumber.index >= 0 && byNumber.index < lines.length ? null : { kind: 'unclear', lines: [], edit };
    const found = matchDraftLines(productWords, lines);
    if (found.length === 1) return null;
    if (found.length > 1) return { kind: 'unclear', lines: found, edit };
    return { kind: 'none' };
  };
  const chosen = (): number => (byNumber ? byNumber.index : matchDraftLines(productWords, lines)[0]);

  if (quantity !== null && (verbAt >= 0 || productWords.length > 0) && quantity >= 0) {
    // "çayı 4 yap", "şekeri 10 koli yap", "çay 4 olsun", "2. satırı 5 koli yap"; "çayı 0 yap" removes.
    if (verbAt < 0 && !byNumber) return { kind: 'none' };
    const problem = target('set');
    if (problem) return problem;
    const line = chosen();
    if (quantity === 0) return { kind: 'remove', line };
    return { kind: 'set', line, quantity, unit };
  }
  if (removeAt >= 0 && quantity === null) {
    const problem = target('remove');
    if (problem) return problem;
    return { kind: 'remove', line: chosen() };
  }
  return { kind: 'none' };
}

function stripAddWords(text: string): string {
  return text
    .replace(/^\s*\+\s*/, '')
    .replace(/^\s*(bir\s+de|bi\s+de|birde|bide|ayrıca|ayrica|artı|arti|ek\s+olarak|ilave)\s+/iu, '')
    .replace(/\s+(ekle|ekleyin|ekler|ekler\s*misin(iz)?|ekleyebilir\s*misin(iz)?|ekleyelim|ilave\s+et(in)?)\s*[.!?]*\s*$/iu, '')
    .trim();
}

/** A thank-you or a closing word that needs only a short "rica ederiz". */
export function isThanks(text: string): boolean {
  const ws = words(text);
  if (!ws.length || ws.length > 8) return false;
  const thanks = new Set(['tesekkurler', 'tesekkur', 'tesekkurs', 'tsk', 'tskler', 'sagol', 'sagolun', 'eyv', 'eyvallah', 'mersi', 'ederim', 'ederiz', 'cok', 'tamam', 'tmm', 'ok', 'okey', 'iyi', 'calismalar', 'gunler', 'aksamlar', 'kolay', 'gelsin', 'allah', 'razi', 'olsun', 'abi', 'hocam', 'bey', 'hanim', 'siz', 'de', 'da', 'size', 'sag', 'ol', 'olun']);
  return ws.some((w) => ['tesekkurler', 'tesekkur', 'tesekkurs', 'tsk', 'tskler', 'sagol', 'sagolun', 'eyv', 'eyvallah', 'mersi', 'razi', 'sag'].includes(w)) && ws.every((w) => thanks.has(w));
}

/** Only emoji (a 👍 or ❤️ written as a message): needs no answer. */
export function isOnlyEmoji(text: string): boolean {
  const t = text.replace(/\s+/g, '');
  return t.length > 0 && /^(?:\p{Extended_Pictographic}|\p{Emoji_Modifier}|\u200d|\ufe0f)+$/u.test(t);
}

/** "BAŞLA", "basla", "tekrar başla": subscribe again to commercial messages. */
export function isResubscribe(text: string): boolean {
  const ws = words(text);
  return ws.length > 0 && ws.length <= 3 && ws.includes('basla') && ws.every((w) => ['basla', 'tekrar', 'yeniden', 'lutfen'].includes(w));
}

/** "DUR", "dur", "stop": the opt-out word, recognised even before the parser. */
export function isStopWord(text: string): boolean {
  const ws = words(text);
  return ws.length === 1 && ['dur', 'stop', 'durdur'].includes(ws[0]);
}
