// The embedded database's client for Prisma: each statement is one trip into PGlite, and
// statements Prisma runs again and again are prepared once.
//
// Why: PGlite's own `query()` makes six separate calls into the engine per statement (parse,
// describe, bind, describe, execute, sync), each with its own bookkeeping, and parses and plans the
// SQL every time: ~0.5 ms for `SELECT 1`. Sending the same protocol messages in one buffer, with a
// named prepared statement, costs ~0.05–0.1 ms. The messages, the results and the errors are the
// ones PostgreSQL's extended protocol defines, so the adapter sees no difference.
import { protocol, type PGlite, type Transaction } from '@electric-sql/pglite';

const { serialize } = protocol;

type Parser = (value: string, typeId: number) => unknown;
type ParamValue = string | Uint8Array | null;

export interface QueryOptions {
  rowMode?: 'array' | 'object';
  parsers?: Record<number, Parser>;
  blob?: unknown;
}

export interface QueryResult {
  rows: unknown[];
  fields: { name: string; dataTypeID: number }[];
  affectedRows: number;
}

/** What pglite-prisma-adapter calls on its client (a PGlite instance or a transaction). */
export interface PgliteLikeClient {
  query(sql: string, values?: unknown[], options?: QueryOptions): Promise<QueryResult>;
  exec(sql: string): Promise<unknown>;
  transaction<T>(fn: (tx: PgliteLikeTransaction) => Promise<T>): Promise<T>;
}

export interface PgliteLikeTransaction {
  query(sql: string, values?: unknown[], options?: QueryOptions): Promise<QueryResult>;
  exec(sql: string): Promise<unknown>;
  rollback(): Promise<void>;
  readonly closed: boolean;
}

interface PgliteInternals {
  parsers: Record<number, Parser>;
  _runExclusiveQuery<T>(fn: () => Promise<T>): Promise<T>;
  _runExclusiveTransaction<T>(fn: () => Promise<T>): Promise<T>;
}

interface BackendMessage {
  name: string;
  fields?: unknown[];
  text?: string;
}

/** Prepared statements kept per database by default (least recently used go first). */
const MAX_PREPARED = 400;

export function pipelinedPglite(pg: PGlite, { maxPrepared = MAX_PREPARED } = {}): PgliteLikeClient {
  const internals = pg as unknown as PgliteInternals;
  const prepared = new Map<string, string>(); // SQL → statement name, in order of last use
  const toClose: string[] = [];
  let nextName = 1;
  const parserSets = new WeakMap<object, Record<number, Parser>>();

  function parsersFor(options?: QueryOptions): Record<number, Parser> {
    const extra = options?.parsers;
    if (!extra) return internals.parsers;
    let merged = parserSets.get(extra);
    if (!merged) {
      merged = { ...internals.parsers, ...extra };
      parserSets.set(extra, merged);
    }
    return merged;
  }

  async function run(sql: string, values: unknown[], options?: QueryOptions): Promise<QueryResult> {
    const parts: Uint8Array[] = [];
    for (const name of toClose.splice(0)) parts.push(serialize.close({ type: 'S', name }));
    let name = prepared.get(sql);
    if (name === undefined) {
      name = `kolibot_${nextName++}`;
      parts.push(serialize.parse({ name, text: sql }));
    } else {
      prepared.delete(sql); // re-inserted below: most recently used last
    }
    parts.push(
      serialize.bind({ statement: name, values: values.map(toParam) }),
      serialize.describe({ type: 'P' }),
      serialize.execute({}),
      serialize.sync(),
    );
    let messages: BackendMessage[];
    try {
      messages = (await pg.execProtocolStream(concat(parts), { syncToFs: false })) as BackendMessage[];
    } catch (err) {
      // PostgreSQL skipped the rest up to Sync. The statement (parsed in this trip or before) is
      // dropped and prepared afresh next time, which also clears a plan an ALTER made stale.
      toClose.push(name);
      throw err;
    }
    prepared.set(sql, name);
    if (prepared.size > maxPrepared) {
      const [oldestSql, oldestName] = prepared.entries().next().value as [string, string];
      prepared.delete(oldestSql);
      toClose.push(oldestName);
    }
    return toResult(messages, parsersFor(options), options?.rowMode ?? 'object');
  }

  function query(sql: string, values: unknown[] = [], options?: QueryOptions): Promise<QueryResult> {
    return internals._runExclusiveTransaction(() =>
      internals._runExclusiveQuery(async () => {
        let result: QueryResult;
        try {
          result = await run(sql, values, options);
        } catch (err) {
          // A table changed under a prepared statement (0A000 "cached plan must not change result
          // type"): the statement was dropped, so once more prepares it afresh.
          if ((err as { code?: string }).code !== '0A000') throw err;
          result = await run(sql, values, options);
        }
        await pg.syncToFs();
        return result;
      }),
    );
  }

  function wrapTransaction(tx: Transaction): PgliteLikeTransaction {
    return {
      query(sql, values = [], options) {
        if (tx.closed) return Promise.reject(new Error('Transaction is closed'));
        if (options?.blob) return tx.query(sql, values as never[], options as never) as Promise<QueryResult>;
        return internals._runExclusiveQuery(() => run(sql, values, options));
      },
      exec: (sql) => tx.exec(sql),
      rollback: () => tx.rollback(),
      get closed() {
        return tx.closed;
      },
    };
  }

  return {
    query(sql, values = [], options) {
      if (options?.blob) return pg.query(sql, values as never[], options as never) as Promise<QueryResult>;
      return query(sql, values, options);
    },
    exec: (sql) => pg.exec(sql),
    transaction: (fn) => pg.transaction((tx) => fn(wrapTransaction(tx))),
  };
}

function toResult(messages: BackendMessage[], parsers: Record<number, Parser>, rowMode: 'array' | 'object'): QueryResult {
  let fields: { name: string; dataTypeID: number }[] = [];
  const rows: unknown[] = [];
  let affectedRows = 0;
  for (const m of messages) {
    if (m.name === 'rowDescription') {
      fields = (m.fields as { name: string; dataTypeID: number }[]).map((f) => ({ name: f.name, dataTypeID: f.dataTypeID }));
    } else if (m.name === 'dataRow') {
      const values = (m.fields as (string | null)[]).map((v, i) => parseValue(v, fields[i].dataTypeID, parsers));
      rows.push(rowMode === 'array' ? values : Object.fromEntries(values.map((v, i) => [fields[i].name, v])));
    } else if (m.name === 'commandComplete') {
      affectedRows += affected(m.text ?? '');
    }
  }
  return { rows, fields, affectedRows };
}

function parseValue(value: string | null, typeId: number, parsers: Record<number, Parser>): unknown {
  if (value === null) return null;
  const parser = parsers[typeId];
  return parser ? parser(value, typeId) : value;
}

function affected(tag: string): number {
  const words = tag.split(' ');
  switch (words[0]) {
    case 'INSERT':
      return Number.parseInt(words[2], 10);
    case 'UPDATE':
    case 'DELETE':
    case 'COPY':
    case 'MERGE':
      return Number.parseInt(words[1], 10);
    default:
      return 0;
  }
}

/**
 * A parameter in PostgreSQL's text format (bytes go as binary). The server infers each
 * parameter's type from the statement, as it does for node-postgres.
 */
export function toParam(value: unknown): ParamValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (typeof value === 'boolean') return value ? 't' : 'f';
  if (value instanceof Date) return value.toISOString();
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  if (Array.isArray(value)) return arrayLiteral(value);
  return JSON.stringify(value);
}

function arrayLiteral(items: unknown[]): string {
  const parts = items.map((item) => {
    if (item === null || item === undefined) return 'NULL';
    if (Array.isArray(item)) return arrayLiteral(item);
    let text: string;
    if (ArrayBuffer.isView(item)) text = `\\x${Buffer.from(item.buffer, item.byteOffset, item.byteLength).toString('hex')}`;
    else {
      const p = toParam(item);
      text = typeof p === 'string' ? p : '';
    }
    return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  });
  return `{${parts.join(',')}}`;
}

function concat(parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0];
  let size = 0;
  for (const p of parts) size += p.length;
  const out = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
