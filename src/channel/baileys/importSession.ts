// Brings in a Baileys multi-file auth folder (useMultiFileAuthState) so a linked phone stays linked.
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { AuthenticationCreds, SignalDataSet } from '@whiskeysockets/baileys';
import type { Db } from '../../db/database.ts';
import { CREDS_ID, CREDS_TYPE, KEY_TYPES, clearAuthState, deserialize, keyWriteStatements, serialize, type KeyType } from './authState.ts';
import { LAST_ONLINE_KEY, LINK_STATE_KEY, clearLinkSettings } from './linkStore.ts';

export class SessionImportError extends Error {}

export interface SessionImportReport {
  /** Our own JID in the imported session; absent when the folder was never linked (a QR scan is still needed). */
  me?: string;
  linked: boolean;
  /** Rows written per key type. */
  keys: Partial<Record<KeyType, number>>;
  /** Files in the folder that are not part of a Baileys session. */
  skipped: string[];
}

const bytes = z.custom<Uint8Array>((v) => v instanceof Uint8Array, 'expected bytes');
const keyPair = z.object({ public: bytes, private: bytes });
const credsSchema = z
  .object({
    noiseKey: keyPair,
    pairingEphemeralKeyPair: keyPair,
    signedIdentityKey: keyPair,
    signedPreKey: z.object({ keyPair, signature: bytes, keyId: z.number().int() }),
    registrationId: z.number().int(),
    advSecretKey: z.string().min(1),
    me: z.object({ id: z.string().min(3) }).passthrough().optional(),
  })
  .passthrough();

// Longest first, so "sender-key-memory-…" is not read as a "sender-key" named "memory-…".
const TYPES_BY_LENGTH = [...KEY_TYPES].sort((a, b) => b.length - a.length);

/**
 * Reverses useMultiFileAuthState's file naming: `${type}-${id}.json` with `/` → `__` and `:` → `-`.
 * Only two key types have ids that contain those characters: app-state-sync-key ids are base64
 * (may contain `/`), sender-key ids are `group::sender::device`.
 */
export function parseKeyFileName(file: string): { type: KeyType; id: string } | null {
  if (!file.endsWith('.json')) return null;
  const base = file.slice(0, -'.json'.length);
  const type = TYPES_BY_LENGTH.find((t) => base.startsWith(`${t}-`));
  if (!type) return null;
  let id = base.slice(type.length + 1);
  if (!id) return null;
  if (type === 'app-state-sync-key') id = id.replace(/__/g, '/');
  if (type === 'sender-key') {
    const m = /^(.*)--(.*)--(\d+)$/.exec(id);
    if (m) id = `${m[1]}::${m[2]}::${m[3]}`;
  }
  return { type, id };
}

/** Reads DIR (creds.json and the key files) into WaAuth, replacing any session stored there. */
export async function importMultiFileSession(db: Db, dir: string, opts: { now?: Date } = {}): Promise<SessionImportReport> {
  const info = await stat(dir).catch(() => null);
  if (!info?.isDirectory()) throw new SessionImportError(`Oturum klasörü bulunamadı: ${dir}`);
  const credsText = await readFile(path.join(dir, 'creds.json'), 'utf8').catch(() => null);
  if (credsText === null) throw new SessionImportError(`${dir} içinde creds.json yok: bu bir Baileys oturum klasörü değil.`);
  let credsValue: unknown;
  try {
    credsValue = deserialize(credsText);
  } catch (err) {
    throw new SessionImportError(`creds.json okunamadı (geçersiz JSON): ${(err as Error).message}`);
  }
  const parsed = credsSchema.safeParse(credsValue);
  if (!parsed.success) {
    const fields = [...new Set(parsed.error.issues.map((i) => i.path.join('.') || '(kök)'))].join(', ');
    throw new SessionImportError(`creds.json bir Baileys oturumu değil: eksik ya da hatalı alanlar: ${fields}`);
  }
  const creds = credsValue as AuthenticationCreds;

  const keys: SignalDataSet = {};
  const counts: Partial<Record<KeyType, number>> = {};
  const skipped: string[] = [];
  for (const file of (await readdir(dir)).sort()) {
    if (file === 'creds.json') continue;
    const parsedName = parseKeyFileName(file);
    if (!parsedName) {
      skipped.push(file);
      continue;
    }
    const text = await readFile(path.join(dir, file), 'utf8');
    let value: unknown;
    try {
      value = deserialize(text);
    } catch {
      throw new SessionImportError(`${file} okunamadı (geçersiz JSON).`);
    }
    if (value === null || value === undefined) continue;
    const bucket = ((keys as Record<string, Record<string, unknown>>)[parsedName.type] ??= {});
    bucket[parsedName.id] = value;
    counts[parsedName.type] = (counts[parsedName.type] ?? 0) + 1;
  }

  const now = opts.now ?? new Date();
  const credsRow = serialize(creds);
  await db.$transaction([
    db.waAuth.deleteMany({}),
    db.setting.deleteMany({ where: { key: { in: [LAST_ONLINE_KEY, LINK_STATE_KEY] } } }),
    ...keyWriteStatements(db, keys, now),
    db.waAuth.create({ data: { type: CREDS_TYPE, id: CREDS_ID, value: credsRow } }),
    // Messages that reach us for the time before the import were the other tool's to answer.
    db.setting.create({ data: { key: LAST_ONLINE_KEY, value: now.toISOString() } }),
  ]);
  return { me: creds.me?.id, linked: Boolean(creds.me?.id), keys: counts, skipped };
}

/** `kolibot whatsapp logout` on a stopped service: forget the linked session and its link state. */
export async function logoutSession(db: Db): Promise<{ removed: number }> {
  const removed = await clearAuthState(db);
  await clearLinkSettings(db);
  return { removed };
}
