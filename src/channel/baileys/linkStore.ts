// What the channel remembers about the link between restarts, in the Setting table.
import type { Db } from '../../db/database.ts';
import type { LinkState } from '../port.ts';

/** The last moment the socket was known to be connected: `append` messages older than it are history. */
export const LAST_ONLINE_KEY = 'whatsapp.lastOnlineAt';
/** The last link state (status, own JID, last error), for the admin page and other processes. */
export const LINK_STATE_KEY = 'whatsapp.link';

export async function readLastOnline(db: Db): Promise<Date | null> {
  const row = await db.setting.findUnique({ where: { key: LAST_ONLINE_KEY } });
  const v = row?.value;
  if (typeof v !== 'string') return null;
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? null : d;
}

export async function writeLastOnline(db: Db, at: Date): Promise<void> {
  const value = at.toISOString();
  await db.setting.upsert({ where: { key: LAST_ONLINE_KEY }, create: { key: LAST_ONLINE_KEY, value }, update: { value } });
}

export async function writeLinkState(db: Db, s: LinkState): Promise<void> {
  // The QR and pairing code are short-lived secrets: kept in memory only.
  const value = { status: s.status, me: s.me ?? null, since: s.since.toISOString(), lastError: s.lastError ?? null };
  await db.setting.upsert({ where: { key: LINK_STATE_KEY }, create: { key: LINK_STATE_KEY, value }, update: { value } });
}

export async function readLinkState(db: Db): Promise<LinkState | null> {
  const row = await db.setting.findUnique({ where: { key: LINK_STATE_KEY } });
  const v = row?.value as { status?: LinkState['status']; me?: string | null; since?: string; lastError?: string | null } | undefined;
  if (!v?.status) return null;
  return { status: v.status, since: new Date(v.since ?? 0), ...(v.me ? { me: v.me } : {}), ...(v.lastError ? { lastError: v.lastError } : {}) };
}

export async function clearLinkSettings(db: Db): Promise<void> {
  await db.setting.deleteMany({ where: { key: { in: [LAST_ONLINE_KEY, LINK_STATE_KEY] } } });
}
