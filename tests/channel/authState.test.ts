import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Curve, initAuthCreds, proto, useMultiFileAuthState, type SignalDataSet, type SignalDataTypeMap } from '@whiskeysockets/baileys';
import { describeEachDatabase } from '../support/databases.ts';
import { KEY_TYPES, countAuthRows, createDbKeyStore, serialize, useDatabaseAuthState } from '../../src/channel/baileys/authState.ts';
import { importMultiFileSession, logoutSession, parseKeyFileName } from '../../src/channel/baileys/importSession.ts';
import { readLastOnline } from '../../src/channel/baileys/linkStore.ts';
import { whatsappCommand } from '../../src/cli/commands/whatsapp.ts';
import { silentLog } from '../support/baileysFixtures.ts';

/** One realistic value of every key type, with ids shaped like Baileys makes them. */
function sampleKeys(): SignalDataSet {
  const pair = Curve.generateKeyPair();
  return {
    'pre-key': { '1': pair, '2': Curve.generateKeyPair() },
    session: { '905321110001.0': Buffer.from('session-record-1'), '123456789012345_1.3': Buffer.from('lid-session') },
    'sender-key': { '120363000000000001@g.us::905321110001::0': Buffer.from('{"sender":"key"}') },
    'sender-key-memory': { '905321110001-1600000000@g.us': { '905321110001:1@s.whatsapp.net': true } },
    'app-state-sync-key': {
      'AAAAAB/c+Q==': proto.Message.AppStateSyncKeyData.fromObject({
        keyData: Buffer.from('0123456789abcdef0123456789abcdef'),
        fingerprint: { rawId: 7, currentIndex: 1, deviceIndexes: [0, 1] },
        timestamp: 1_700_000_000_000,
      }),
    },
    'app-state-sync-version': { regular_high: { version: 3, hash: Buffer.alloc(128, 1), indexValueMap: { abc: { valueMac: Buffer.from('mac') } } } },
    'lid-mapping': { '905321110001': '123456789012345', '123456789012345_reverse': '905321110001' },
    'device-list': { '905321110001': ['0', '12'] },
    tctoken: { '905321110001@s.whatsapp.net': { token: Buffer.from('tok'), timestamp: '1700000000' }, __index: { token: Buffer.from('["905321110001@s.whatsapp.net"]') } },
    'identity-key': { '905321110001.0': Buffer.concat([Buffer.from([5]), pair.public]) },
  };
}

const flat = (v: unknown) => JSON.parse(serialize(v));

describeEachDatabase('WhatsApp auth state in the database', (db) => {
  it('keeps the creds across a restart', async () => {
    const first = await useDatabaseAuthState(db().prisma, silentLog as never);
    expect(first.hadCreds).toBe(false);
    first.state.creds.me = { id: '905000000000:7@s.whatsapp.net', name: 'Toptan' };
    await first.saveCreds();
    const again = await useDatabaseAuthState(db().prisma);
    expect(again.hadCreds).toBe(true);
    expect(flat(again.state.creds)).toEqual(flat(first.state.creds));
    expect(Buffer.isBuffer(again.state.creds.noiseKey.private)).toBe(true);
  });

  it('stores and reads back every key type, through the cache too; null deletes', async () => {
    const keys = createDbKeyStore(db().prisma);
    const data = sampleKeys();
    await keys.set(data);
    for (const type of KEY_TYPES) {
      const ids = Object.keys(data[type]!);
      const got = await keys.get(type, ids);
      expect(flat(got), type).toEqual(flat(data[type]));
    }
    const appKey = (await keys.get('app-state-sync-key', ['AAAAAB/c+Q==']))['AAAAAB/c+Q=='];
    expect(appKey).toBeInstanceOf(proto.Message.AppStateSyncKeyData);
    expect(Buffer.from(appKey.keyData!).toString()).toBe('0123456789abcdef0123456789abcdef');

    const { state } = await useDatabaseAuthState(db().prisma, silentLog as never);
    const viaCache = await state.keys.get('lid-mapping', ['905321110001']);
    expect(viaCache['905321110001']).toBe('123456789012345');

    await keys.set({ 'lid-mapping': { '905321110001': null }, session: { '905321110001.0': null } });
    expect(await keys.get('lid-mapping', ['905321110001'])).toEqual({});
    expect(Object.keys(await keys.get('session', ['905321110001.0', '123456789012345_1.3']))).toEqual(['123456789012345_1.3']);
  });

  it('writes a large batch (thousands of pre-keys) in one set', async () => {
    const keys = createDbKeyStore(db().prisma);
    const preKeys: Record<string, SignalDataTypeMap['pre-key']> = {};
    for (let i = 1000; i < 4500; i++) preKeys[String(i)] = { public: Buffer.alloc(32, i % 255), private: Buffer.alloc(32, 1) };
    await keys.set({ 'pre-key': preKeys });
    const got = await keys.get('pre-key', ['1000', '4499']);
    expect(Buffer.from(got['4499'].public)).toEqual(Buffer.alloc(32, 4499 % 255));
    expect((await countAuthRows(db().prisma))['pre-key']).toBeGreaterThanOrEqual(3500);
  });
});

describeEachDatabase('import-session from a Baileys multi-file folder', (db) => {
  let dir: string;
  let otherStore: Awaited<ReturnType<typeof useMultiFileAuthState>>;
  const data = sampleKeys();

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'kolibot-session-'));
    // The folder another Baileys tool leaves behind, written by Baileys' own useMultiFileAuthState.
    otherStore = await useMultiFileAuthState(dir);
    Object.assign(otherStore.state.creds, initAuthCreds(), { me: { id: '905000000000:7@s.whatsapp.net', lid: '99000000000001:7@lid', name: 'Toptan' } });
    await otherStore.saveCreds();
    await otherStore.state.keys.set(data);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads creds and every key file, and the database then answers like the folder did', async () => {
    const files = await readdir(dir);
    expect(files).toContain('app-state-sync-key-AAAAAB__c+Q==.json'); // `/` → `__`
    expect(files).toContain('sender-key-120363000000000001@g.us--905321110001--0.json'); // `:` → `-`

    const now = new Date('2026-11-23T09:00:00Z');
    const report = await importMultiFileSession(db().prisma, dir, { now });
    expect(report).toMatchObject({ linked: true, me: '905000000000:7@s.whatsapp.net', skipped: [] });
    expect(report.keys).toEqual({
      'pre-key': 2,
      session: 2,
      'sender-key': 1,
      'sender-key-memory': 1,
      'app-state-sync-key': 1,
      'app-state-sync-version': 1,
      'lid-mapping': 2,
      'device-list': 1,
      tctoken: 2,
      'identity-key': 1,
    });

    const { state, hadCreds } = await useDatabaseAuthState(db().prisma, silentLog as never);
    expect(hadCreds).toBe(true);
    expect(flat(state.creds)).toEqual(flat(otherStore.state.creds));
    for (const type of KEY_TYPES) {
      const ids = Object.keys(data[type]!);
      expect(flat(await state.keys.get(type, ids)), type).toEqual(flat(await otherStore.state.keys.get(type, ids)));
    }
    // Messages from before the import were the other tool's to answer.
    expect(await readLastOnline(db().prisma)).toEqual(now);
  });

  it('importing again replaces the stored session instead of mixing two', async () => {
    await createDbKeyStore(db().prisma).set({ session: { 'stale.0': Buffer.from('old') } });
    await importMultiFileSession(db().prisma, dir);
    expect(await createDbKeyStore(db().prisma).get('session', ['stale.0'])).toEqual({});
  });

  it('refuses a folder without a valid creds.json, with a clear message', async () => {
    const empty = await mkdtemp(path.join(os.tmpdir(), 'kolibot-empty-'));
    try {
      await expect(importMultiFileSession(db().prisma, empty)).rejects.toThrow(/creds\.json yok/);
      await writeFile(path.join(empty, 'creds.json'), '{"noiseKey": 1}');
      await expect(importMultiFileSession(db().prisma, empty)).rejects.toThrow(/eksik ya da hatalı alanlar: .*noiseKey/);
      await writeFile(path.join(empty, 'creds.json'), '{not json');
      await expect(importMultiFileSession(db().prisma, empty)).rejects.toThrow(/geçersiz JSON/);
      await expect(importMultiFileSession(db().prisma, path.join(empty, 'nope'))).rejects.toThrow(/bulunamadı/);
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });

  it('the CLI reports what it imported, and logout removes the session', async () => {
    const out = capture();
    const err = capture();
    const io = { stdin: process.stdin, stdout: out.stream, stderr: err.stream };
    expect(await whatsappCommand(['import-session', dir], io, { db: db().prisma })).toBe(0);
    expect(out.text()).toMatch(/içeri alındı \(905000000000:7@s\.whatsapp\.net\)/);
    expect(out.text()).toMatch(/session: 2/);
    expect(await whatsappCommand(['logout'], io, { db: db().prisma })).toBe(0);
    expect(out.text()).toMatch(/oturumu silindi/);
    expect(await countAuthRows(db().prisma)).toEqual({});
    expect((await useDatabaseAuthState(db().prisma)).hadCreds).toBe(false);
    expect(await whatsappCommand(['import-session'], io, { db: db().prisma })).toBe(2);
    expect(await whatsappCommand(['import-session', path.join(dir, 'missing')], io, { db: db().prisma })).toBe(1);
    expect(err.text()).toMatch(/bulunamadı/);
    expect(await logoutSession(db().prisma)).toEqual({ removed: 0 });
  });
});

it('reverses useMultiFileAuthState file names', () => {
  expect(parseKeyFileName('sender-key-memory-1234-5678@g.us.json')).toEqual({ type: 'sender-key-memory', id: '1234-5678@g.us' });
  expect(parseKeyFileName('sender-key-1234-5678@g.us--905321110001_1--3.json')).toEqual({ type: 'sender-key', id: '1234-5678@g.us::905321110001_1::3' });
  expect(parseKeyFileName('app-state-sync-key-AB__cd+e==.json')).toEqual({ type: 'app-state-sync-key', id: 'AB/cd+e==' });
  expect(parseKeyFileName('app-state-sync-version-critical_unblock_low.json')).toEqual({ type: 'app-state-sync-version', id: 'critical_unblock_low' });
  expect(parseKeyFileName('tctoken-__index.json')).toEqual({ type: 'tctoken', id: '__index' });
  expect(parseKeyFileName('lid-mapping-123_reverse.json')).toEqual({ type: 'lid-mapping', id: '123_reverse' });
  expect(parseKeyFileName('notes.txt')).toBeNull();
  expect(parseKeyFileName('creds-backup.json')).toBeNull();
});

function capture() {
  let buf = '';
  const stream = new Writable({
    write(chunk, _enc, cb) {
      buf += chunk.toString();
      cb();
    },
  });
  return { stream, text: () => buf };
}
