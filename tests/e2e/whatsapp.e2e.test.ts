// The whole service, as an operator runs it, against a local fake WhatsApp server: the linked
// session comes in with `kolibot whatsapp import-session`, the service starts with WHATSAPP_WS_URL
// pointing at the fake server, and a real Baileys socket carries a Turkish order to a confirmed order.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeWhatsApp, writeLinkedSessionFolder, type FakeWhatsApp } from '../support/fakeWhatsApp.ts';
import { freePort, startService, waitHealthy, type ServiceProcess } from '../support/serviceProcess.ts';
import { runKolibot } from '../support/cli.ts';
import { openDatabase } from '../../src/db/database.ts';

import { FIXTURES_DIR as FIXTURES } from '../support/fixtures.ts';
const AHMET = '905321110001@s.whatsapp.net';
const AYSE = '905321110002@s.whatsapp.net';

describe('the service on WhatsApp (real Baileys socket, fake WhatsApp server)', () => {
  let wa: FakeWhatsApp;
  let dataDir: string;
  let env: Record<string, string>;
  let port: number;
  let service: ServiceProcess | undefined;

  const start = async () => {
    service = startService(env, port);
    await waitHealthy(port, 60_000, service);
    // linked: the fake server logged the imported session in, no QR
    await waitFor(async () => ((await (await fetch(`http://127.0.0.1:${port}/health`)).json()) as any).whatsapp.status === 'open', 30_000);
  };
  const stop = async () => {
    expect(await service!.stop()).toBe(0);
    service = undefined;
  };
  const repliesTo = async (jid: string) => (await wa.sentTexts()).filter((s) => s.to === jid).map((s) => s.text);
  const waitReply = (jid: string, pattern: RegExp, after = 0) =>
    wa.waitForSent((all) => all.filter((s) => s.to === jid).slice(after).some((s) => pattern.test(s.text)), 30_000);

  beforeAll(async () => {
    wa = await startFakeWhatsApp();
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'kolibot-wa-e2e-'));
    port = await freePort();
    env = { DATA_DIR: dataDir, ADMIN_TOKEN: 'e2e-admin-token-1234', WHATSAPP_ENABLED: 'true', WHATSAPP_WS_URL: wa.wsUrl };
    for (const [kind, file] of [['products', 'catalog'], ['prices', 'prices'], ['stock', 'stock'], ['customers', 'customers']]) {
      const r = await runKolibot(['import', kind, path.join(FIXTURES, `${file}.csv`)], env);
      expect(r.code, r.stderr).toBe(0);
    }
    const sessionDir = path.join(dataDir, 'old-tool-session');
    await writeLinkedSessionFolder(sessionDir, '15550000000:1@s.whatsapp.net');
    const imported = await runKolibot(['whatsapp', 'import-session', sessionDir], env);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toMatch(/içeri alındı/);
  }, 120_000);

  afterAll(async () => {
    await service?.stop();
    await wa?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('takes a Turkish order to a confirmed order, keeps the dialogue across a restart, and answers what came while it was down', async () => {
    await start();

    // order → priced summary
    await wa.inject({ from: AHMET, text: '3 koli Yudum 5 lt, 2 paket Çaykur tiryaki', pushName: 'Ahmet' });
    await waitReply(AHMET, /Onaylıyor musunuz\?/);
    const summary = (await repliesTo(AHMET)).at(-1)!;
    expect(summary).toContain('Ahmet Bey');
    expect(summary).toContain('3 koli × 1.260,00 = 3.780,00 TL');
    expect(summary).toMatch(/Toplam: 4\.290,00 TL/);

    // restart in the middle of the conversation: the draft waits in the database
    await stop();
    await start();
    const before = (await repliesTo(AHMET)).length;
    await wa.inject({ from: AHMET, text: 'EVET' });
    await waitReply(AHMET, /Siparişiniz alındı \(No \d+\)/, before);

    // a message that arrives while the service is down is answered after it starts
    await stop();
    const queued = await wa.inject({ from: AYSE, text: 'Yudum 5 litre var mı?', pushName: 'Ayşe' });
    expect(queued.delivery).toBe('queued');
    await start();
    await waitReply(AYSE, /Yudum Ayçiçek Yağı 5 L/);
    await stop();

    // the answered messages show blue ticks: a read receipt went to WhatsApp for each
    const reads = (await wa.recorded()).filter((e) => {
      const body = e.body as { tag?: string; attrs?: Record<string, string> } | undefined;
      return body?.tag === 'receipt' && body.attrs?.type === 'read';
    });
    expect(new Set(reads.map((e) => (e.body as { attrs: { to: string } }).attrs.to))).toEqual(new Set([AHMET, AYSE]));

    // every reply was sent once: one accepted message per reply
    const sent = await wa.sentTexts();
    expect(new Set(sent.map((s) => s.id)).size).toBe(sent.length);
    expect(sent.filter((s) => s.to === AHMET && /Siparişiniz alındı/.test(s.text))).toHaveLength(1);

    const db = await openDatabase({ dataDir });
    try {
      const ahmet = await db.prisma.customer.findUniqueOrThrow({ where: { phone: '+905321110001' } });
      const orders = await db.prisma.order.findMany({ where: { customerId: ahmet.id }, include: { lines: true } });
      expect(orders).toHaveLength(1);
      expect(orders[0].status).toBe('confirmed');
      expect(orders[0].totalKurus).toBe(429_000);
      expect(orders[0].lines).toHaveLength(2);
    } finally {
      await db.close();
    }
  }, 240_000);
});

async function waitFor(check: () => Promise<boolean>, ms: number) {
  const t0 = Date.now();
  while (Date.now() - t0 < ms) {
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`condition not met within ${ms} ms`);
}
