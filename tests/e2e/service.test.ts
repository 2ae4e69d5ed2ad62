import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, startService, waitHealthy } from '../support/serviceProcess.ts';
import { adminUrl, urlFor } from '../support/pgUrl.ts';

const TOKEN = 'test-admin-token-123456';
const dirs: string[] = [];
async function tempDir() {
  const d = await mkdtemp(path.join(os.tmpdir(), 'kolibot-e2e-'));
  dirs.push(d);
  return d;
}
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

async function api(port: number, method: string, url: string, body?: unknown) {
  const res = await fetch(`http://127.0.0.1:${port}${url}`, {
    method,
    headers: { authorization: `Bearer ${TOKEN}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, body: (await res.json()) as any };
}

describe('the service process', () => {
  it('starts on the embedded database, keeps its data across a restart and stops cleanly with exit code 0', async () => {
    const dataDir = await tempDir();
    const port = await freePort();
    const first = startService({ DATA_DIR: dataDir, ADMIN_TOKEN: TOKEN }, port);
    await waitHealthy(port, 60_000, first);
    const health = (await (await fetch(`http://127.0.0.1:${port}/health`)).json()) as any;
    expect(health).toMatchObject({ status: 'ok', database: { kind: 'embedded', status: 'ok' } });
    expect(typeof health.version).toBe('string');
    // Something written through the service…
    const created = await api(port, 'POST', '/api/customers', { phone: '0532 111 00 99', name: 'Kalıcı Müşteri', title: 'Kalıcı Bey' });
    expect(created.status).toBe(201);
    expect(await first.stop('SIGTERM')).toBe(0);

    const second = startService({ DATA_DIR: dataDir, ADMIN_TOKEN: TOKEN }, port);
    const ms = await waitHealthy(port, 15_000, second);
    expect(ms).toBeLessThan(15_000);
    const found = await api(port, 'GET', '/api/customers?phone=%2B905321110099');
    expect(found.body.customers?.[0]?.name).toBe('Kalıcı Müşteri');
    expect(await second.stop('SIGINT')).toBe(0);
  });

  it('refuses a second instance on the same data folder and changes nothing', async () => {
    const dataDir = await tempDir();
    const port = await freePort();
    const first = startService({ DATA_DIR: dataDir, ADMIN_TOKEN: TOKEN }, port);
    await waitHealthy(port, 60_000, first);
    const before = (await readdir(dataDir)).sort();
    const second = startService({ DATA_DIR: dataDir, ADMIN_TOKEN: TOKEN }, await freePort());
    const code = await second.exited;
    expect(code).not.toBe(0);
    expect(second.output()).toMatch(/in use by another Kolibot process/);
    expect((await readdir(dataDir)).sort()).toEqual(before);
    // the first one is unharmed
    expect((await fetch(`http://127.0.0.1:${port}/health`)).status).toBe(200);
    expect(await first.stop()).toBe(0);
  });

  it("takes the owner's edited templates on SIGHUP, without a restart", async () => {
    const own = await tempDir();
    await mkdir(path.join(own, 'replies'));
    const file = path.join(own, 'replies', 'unknown-sender.liquid');
    await writeFile(file, 'Merhaba, size kim olduğunuzu sorabilir miyim? {{ minutes }} dakika içinde döneriz.');
    const port = await freePort();
    const svc = startService({ DATA_DIR: await tempDir(), ADMIN_TOKEN: TOKEN, TEMPLATES_DIR: own }, port);
    try {
      await waitHealthy(port, 30_000, svc);
      const first = await api(port, 'POST', '/api/simulator/messages', { phone: '+905551110001', text: 'fiyat listeniz var mı' });
      expect(first.body.replies).toEqual(['Merhaba, size kim olduğunuzu sorabilir miyim? 30 dakika içinde döneriz.']);
      await writeFile(file, 'İyi günler, sizi tanıyamadım; {{ minutes }} dakika içinde arkadaşımız yazacak.');
      svc.child.kill('SIGHUP');
      const t0 = Date.now();
      while (!svc.output().includes('templates reloaded') && Date.now() - t0 < 10_000) await new Promise((r) => setTimeout(r, 100));
      const second = await api(port, 'POST', '/api/simulator/messages', { phone: '+905551110002', text: 'fiyat listeniz var mı' });
      expect(second.body.replies).toEqual(['İyi günler, sizi tanıyamadım; 30 dakika içinde arkadaşımız yazacak.']);
    } finally {
      expect(await svc.stop()).toBe(0);
    }
  });

  it('stops start-up with one clear line naming a bad setting', async () => {
    const bad = startService({ DATA_DIR: await tempDir() }, 'abc');
    expect(await bad.exited).not.toBe(0);
    const lines = bad.output().trim().split('\n').filter((l) => !/npm warn/.test(l));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/PORT/);
  });

  it('runs on PostgreSQL when DATABASE_URL is set, and keeps data across a restart', async () => {
    const name = `kolibot_t_${process.ppid}_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: adminUrl() });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}"`);
    try {
      const env = { DATABASE_URL: urlFor(name), ADMIN_TOKEN: TOKEN, DATA_DIR: await tempDir() };
      const port = await freePort();
      const first = startService(env, port);
      await waitHealthy(port, 60_000, first);
      expect(((await (await fetch(`http://127.0.0.1:${port}/health`)).json()) as any).database.kind).toBe('postgres');
      expect((await api(port, 'POST', '/api/customers', { phone: '+905321110098', name: 'PG Müşteri' })).status).toBe(201);
      expect(await first.stop()).toBe(0);
      const second = startService(env, port);
      await waitHealthy(port, 15_000, second);
      expect((await api(port, 'GET', '/api/customers?phone=%2B905321110098')).body.customers[0].name).toBe('PG Müşteri');
      expect(await second.stop()).toBe(0);
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.end();
    }
  });
});
