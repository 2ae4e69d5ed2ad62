// Baileys auth state kept in the database (WaAuth): creds plus every Signal key type.
import {
  BufferJSON,
  initAuthCreds,
  makeCacheableSignalKeyStore,
  proto,
  type AuthenticationCreds,
  type AuthenticationState,
  type SignalDataSet,
  type SignalDataTypeMap,
  type SignalKeyStore,
} from '@whiskeysockets/baileys';
import { Prisma } from '../../generated/prisma/client.ts';
import type { Db } from '../../db/database.ts';

type ILogger = NonNullable<Parameters<typeof makeCacheableSignalKeyStore>[1]>;

export const CREDS_TYPE = 'creds';
export const CREDS_ID = 'creds';

/** Every key type Baileys 7 stores; import-session and the tests go through this list. */
export const KEY_TYPES = [
  'pre-key',
  'session',
  'sender-key',
  'sender-key-memory',
  'app-state-sync-key',
  'app-state-sync-version',
  'lid-mapping',
  'device-list',
  'tctoken',
  'identity-key',
] as const satisfies readonly (keyof SignalDataTypeMap)[];

export type KeyType = (typeof KEY_TYPES)[number];

export const serialize = (value: unknown): string => JSON.stringify(value, BufferJSON.replacer);
export const deserialize = <T = unknown>(text: string): T => JSON.parse(text, BufferJSON.reviver) as T;

export interface DbAuthState {
  /** For makeWASocket: creds plus the key store wrapped with Baileys' in-memory cache. */
  state: AuthenticationState;
  /** The raw key store (no cache), for tests and import. */
  keys: SignalKeyStore;
  /** Persist state.creds (call on every `creds.update`, after merging the update). */
  saveCreds(): Promise<void>;
  /** Whether creds were found (a linked or previously started session). */
  hadCreds: boolean;
}

export async function loadCreds(db: Db): Promise<AuthenticationCreds | null> {
  const row = await db.waAuth.findUnique({ where: { type_id: { type: CREDS_TYPE, id: CREDS_ID } } });
  return row ? deserialize<AuthenticationCreds>(row.value) : null;
}

export async function saveCredsRow(db: Db, creds: AuthenticationCreds): Promise<void> {
  const value = serialize(creds);
  await db.waAuth.upsert({
    where: { type_id: { type: CREDS_TYPE, id: CREDS_ID } },
    create: { type: CREDS_TYPE, id: CREDS_ID, value },
    update: { value },
  });
}

/** The key store itself: one query per `get`, one transaction per `set`. */
export function createDbKeyStore(db: Db): SignalKeyStore {
  return {
    async get<T extends keyof SignalDataTypeMap>(type: T, ids: string[]) {
      const out: { [id: string]: SignalDataTypeMap[T] } = {};
      if (!ids.length) return out;
      const rows = await db.waAuth.findMany({ where: { type, id: { in: ids } }, select: { id: true, value: true } });
      for (const row of rows) {
        let value = deserialize<unknown>(row.value);
        if (type === 'app-state-sync-key' && value) value = proto.Message.AppStateSyncKeyData.fromObject(value as object);
        out[row.id] = value as SignalDataTypeMap[T];
      }
      return out;
    },
    async set(data: SignalDataSet) {
      await writeKeys(db, data);
    },
    async clear() {
      await db.waAuth.deleteMany({ where: { type: { not: CREDS_TYPE } } });
    },
  };
}

/** Upserts and deletes (null values) of one `set`, in a single transaction. */
export async function writeKeys(db: Db, data: SignalDataSet): Promise<void> {
  const statements = keyWriteStatements(db, data);
  if (statements.length === 1) await statements[0];
  else if (statements.length > 1) await db.$transaction(statements);
}

/** The statements that write one key set (callers may add more to the same transaction). */
export function keyWriteStatements(db: Db, data: SignalDataSet, now = new Date()): Prisma.PrismaPromise<unknown>[] {
  const upserts: Prisma.Sql[] = [];
  const deletes: Prisma.Sql[] = [];
  for (const type of Object.keys(data) as (keyof SignalDataSet)[]) {
    const entries = data[type];
    if (!entries) continue;
    for (const [id, value] of Object.entries(entries)) {
      if (value === null || value === undefined) deletes.push(Prisma.sql`(${type}, ${id})`);
      else upserts.push(Prisma.sql`(${type}, ${id}, ${serialize(value)}, ${now})`);
    }
  }
  const statements: Prisma.PrismaPromise<unknown>[] = [];
  // Large batches (a folder of pre-keys) are chunked to stay under the bind-parameter limit.
  for (const chunk of chunks(upserts, 2000)) {
    statements.push(
      db.$executeRaw`INSERT INTO "WaAuth" ("type", "id", "value", "updatedAt") VALUES ${Prisma.join(chunk)}
        ON CONFLICT ("type", "id") DO UPDATE SET "value" = EXCLUDED."value", "updatedAt" = EXCLUDED."updatedAt"`,
    );
  }
  for (const chunk of chunks(deletes, 4000)) {
    statements.push(db.$executeRaw`DELETE FROM "WaAuth" WHERE ("type", "id") IN (${Prisma.join(chunk)})`);
  }
  return statements;
}

/**
 * Loads (or creates) the auth state from the database. The creds object is the one
 * Baileys mutates; saveCreds writes it back.
 */
export async function useDatabaseAuthState(db: Db, logger?: ILogger): Promise<DbAuthState> {
  const stored = await loadCreds(db);
  const creds = stored ?? initAuthCreds();
  const keys = createDbKeyStore(db);
  const cached = makeCacheableSignalKeyStore(keys, logger);
  return {
    state: { creds, keys: cached },
    keys,
    hadCreds: stored !== null,
    saveCreds: () => saveCredsRow(db, creds),
  };
}

/** Removes the linked session entirely (creds and keys): the next start shows a new QR. */
export async function clearAuthState(db: Db): Promise<number> {
  const { count } = await db.waAuth.deleteMany({});
  return count;
}

/** How many rows of each type are stored (import report, admin). */
export async function countAuthRows(db: Db): Promise<Record<string, number>> {
  const groups = await db.waAuth.groupBy({ by: ['type'], _count: { _all: true } });
  return Object.fromEntries(groups.map((g) => [g.type, g._count._all]));
}

function* chunks<T>(list: T[], size: number): Generator<T[]> {
  for (let i = 0; i < list.length; i += size) yield list.slice(i, i + size);
}
