import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pipelinedPglite, type PgliteLikeClient } from '../../src/db/pgliteClient.ts';
import { Prisma } from '../../src/generated/prisma/client.ts';
import { describeEachDatabase } from '../support/databases.ts';
import { adminUrl } from '../support/pgUrl.ts';

const TABLE = `CREATE TABLE item (
  id serial PRIMARY KEY, name text UNIQUE NOT NULL, qty int, price numeric(12,2), big bigint,
  ok boolean, at timestamptz, day date, tags text[], nums int[], doc jsonb, raw bytea)`;

// Every kind of parameter the service sends, through the embedded client and through node-postgres
// on a real PostgreSQL: both must store and return the same thing.
const ROWS: unknown[][] = [
  ['yağ "5 L"', 3, '1260.50', '9007199254740993', true, new Date('2026-11-23T08:30:00.125Z'), '2026-11-25', ['a', 'b "c"', 'd\\e', '{x,y}'], [1, 2, 3], JSON.stringify({ x: 'ç', n: [1] }), new Uint8Array([0, 1, 254, 255])],
  ['çay', null, null, null, false, null, null, [], null, null, null],
];
const INSERT = `INSERT INTO item (name, qty, price, big, ok, at, day, tags, nums, doc, raw) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10::jsonb,$11) RETURNING id`;
const SELECT = `SELECT name, qty, price::text, big::text, ok, at, day::text, tags, nums, doc::text, raw FROM item WHERE name = ANY($1) ORDER BY name`;

describe('the embedded database client (one trip per statement, prepared statements)', () => {
  let pglite: PGlite;
  let client: PgliteLikeClient;
  let postgres: pg.Client;

  beforeAll(async () => {
    pglite = await PGlite.create();
    client = pipelinedPglite(pglite, { maxPrepared: 3 });
    await client.exec(TABLE);
    postgres = new pg.Client({ connectionString: adminUrl() });
    await postgres.connect();
    await postgres.query('BEGIN');
    await postgres.query(TABLE.replace('CREATE TABLE item', 'CREATE TEMP TABLE item'));
  });
  afterAll(async () => {
    await postgres?.query('ROLLBACK').catch(() => {});
    await postgres?.end();
    await pglite?.close();
  });

  it('stores and returns every kind of parameter as PostgreSQL itself does', async () => {
    for (const row of ROWS) {
      await client.query(INSERT, row);
      await postgres.query(INSERT, row.map((v) => (v instanceof Uint8Array ? Buffer.from(v) : v)));
    }
    const names = ROWS.map((r) => r[0]);
    const embedded = await client.query(SELECT, [names]);
    const server = await postgres.query(SELECT, [names]);
    const bytes = (v: unknown) => (v instanceof Uint8Array ? [...v] : v);
    const plain = (rows: unknown[]) => JSON.parse(JSON.stringify(rows.map((r) => Object.fromEntries(Object.entries(r as object).map(([k, v]) => [k, bytes(v)])))));
    expect(plain(embedded.rows)).toEqual(plain(server.rows));
    const oil = embedded.rows.find((r) => (r as { name: string }).name === ROWS[0][0]) as { tags: unknown; raw: unknown };
    expect(oil.tags).toEqual(['a', 'b "c"', 'd\\e', '{x,y}']);
    expect(oil.raw).toEqual(new Uint8Array([0, 1, 254, 255]));
  });

  it('counts affected rows and keeps answering after a failed statement', async () => {
    const dup = client.query(INSERT, ROWS[0]);
    await expect(dup).rejects.toMatchObject({ code: '23505' });
    await expect(client.query('SELEC nonsense')).rejects.toMatchObject({ code: '42601' });
    const upd = await client.query('UPDATE item SET qty = coalesce(qty, 0) + $1', [2]);
    expect(upd.affectedRows).toBe(2);
    // More distinct statements than it keeps prepared: the oldest are closed and prepared again.
    for (let i = 0; i < 10; i++) {
      const r = await client.query(`SELECT qty + ${i} AS n FROM item WHERE name = $1`, ['çay'], { rowMode: 'array' });
      expect(r.rows).toEqual([[2 + i]]);
    }
  });

  it('prepares a statement again when the table under it changed', async () => {
    const before = await client.query('SELECT * FROM item WHERE name = $1', ['çay']);
    await client.exec('ALTER TABLE item ADD COLUMN note text');
    const after = await client.query('SELECT * FROM item WHERE name = $1', ['çay']);
    expect(after.fields.length).toBe(before.fields.length + 1);
  });

  it('rolls back a transaction whose statement failed, and commits one that did not', async () => {
    await expect(
      client.transaction(async (tx) => {
        await tx.query('UPDATE item SET qty = 100 WHERE name = $1', ['çay']);
        await tx.query(INSERT, ROWS[0]);
      }),
    ).rejects.toMatchObject({ code: '23505' });
    expect((await client.query('SELECT qty FROM item WHERE name = $1', ['çay'])).rows).toEqual([{ qty: 2 }]);
    await client.transaction(async (tx) => {
      await tx.query('UPDATE item SET qty = 7 WHERE name = $1', ['çay']);
    });
    expect((await client.query('SELECT qty FROM item WHERE name = $1', ['çay'])).rows).toEqual([{ qty: 7 }]);
  });
});

describeEachDatabase('Prisma on each database (the same errors and transactions)', (getDb) => {
  it('reports a duplicate as P2002 and rolls back the whole interactive transaction', async () => {
    const db = getDb().prisma;
    await db.product.create({ data: { sku: 'PC-1', name: 'Deneme Ürün', unit: 'koli', packCount: 12 } });
    const dup = db.product.create({ data: { sku: 'PC-1', name: 'Aynı SKU', unit: 'koli', packCount: 12 } });
    await expect(dup).rejects.toBeInstanceOf(Prisma.PrismaClientKnownRequestError);
    await expect(dup).rejects.toMatchObject({ code: 'P2002' });
    await expect(
      db.$transaction(async (tx) => {
        await tx.product.update({ where: { sku: 'PC-1' }, data: { name: 'Değişti' } });
        await tx.product.create({ data: { sku: 'PC-1', name: 'Yine aynı', unit: 'koli', packCount: 12 } });
      }),
    ).rejects.toMatchObject({ code: 'P2002' });
    expect((await db.product.findUnique({ where: { sku: 'PC-1' } }))?.name).toBe('Deneme Ürün');
  });
});
