import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

// Every message asks for the same few thousand numbers; libphonenumber's full parse is the slow part.
const known = new Map<string, string | null>();
const KNOWN_MAX = 10_000;

/** Any way a Turkish customer's number is written ("0532 111 00 01", "905321110001", "+90 532…") → E.164, or null. */
export function normalizePhone(raw: string): string | null {
  const hit = known.get(raw);
  if (hit !== undefined) return hit;
  const result = parsePhone(raw);
  if (known.size >= KNOWN_MAX) known.clear();
  known.set(raw, result);
  return result;
}

function parsePhone(raw: string): string | null {
  const cleaned = raw.trim();
  if (!cleaned) return null;
  const digits = cleaned.replace(/[^\d+]/g, '');
  const candidate = /^90\d{10}$/.test(digits) ? `+${digits}` : cleaned;
  const p = parsePhoneNumberFromString(candidate, 'TR');
  return p && p.isValid() ? (p.number as string) : null;
}

/** E.164 → WhatsApp user JID ("+905321110001" → "905321110001@s.whatsapp.net"). */
export function phoneToJid(e164: string): string {
  return `${e164.replace(/^\+/, '')}@s.whatsapp.net`;
}

/** "905321110001@s.whatsapp.net" or "905321110001:12@s.whatsapp.net" → "+905321110001"; null for LIDs and groups. */
export function jidToPhone(jid: string): string | null {
  const m = /^(\d+)(?::\d+)?@s\.whatsapp\.net$/.exec(jid);
  return m ? normalizePhone(`+${m[1]}`) : null;
}

/** For logs: "+905321110001" → "+90532*****01". */
export function maskPhone(phone: string): string {
  return phone.length > 7 ? phone.slice(0, 6) + '*'.repeat(phone.length - 8) + phone.slice(-2) : '***';
}
