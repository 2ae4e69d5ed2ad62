// The HTTP contracts outside checks rely on, on the whole service built in-process (app.inject).
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { startKolibot, type Kolibot } from '../../src/app/kolibot.ts';
import { DATABASE_KINDS, freshPostgresUrl } from '../support/databases.ts';

import { FIXTURES_DIR as FIXTURES } from '../support/fixtures.ts';
const TOKEN = 'api-test-token-123456';

for (const kind of DATABASE_KINDS) {
  describe(`HTTP API [${kind}]`, () => {
    let k: Kolibot;
    let dir: string;
    let drop: (() => Promise<void>) | undefined;
    const auth = { authorization: `Bearer ${TOKEN}` };
    const sim = async (phone: string, text: string) => {
      const res = await k.app.inject({ method: 'POST', url: '/api/simulator/messages', headers: auth, payload: { phone, text } });
      expect(res.statusCode, res.body).toBe(200);
      return res.json().replies as string[];
    };

    beforeAll(async () => {
      dir = await mkdtemp(path.join(os.tmpdir(), 'kolibot-api-'));
      let url: string | undefined;
      if (kind === 'postgres') ({ url, drop } = await freshPostgresUrl());
      const config = loadConfig({ DATA_DIR: dir, ADMIN_TOKEN: TOKEN, WHATSAPP_ENABLED: 'false', ...(url ? { DATABASE_URL: url } : {}), OWNER_PHONES: '+905329998877' });
      k = await startKolibot({ config, log: pino({ level: 'silent' }), listen: false, schedules: false });
      for (const [what, file] of [['products', 'catalog'], ['prices', 'prices'], ['stock', 'stock'], ['customers', 'customers']]) {
        const csv = await readFile(path.join(FIXTURES, `${file}.csv`), 'utf8');
        const res = await k.app.inject({ method: 'POST', url: `/api/imports/${what}`, headers: { ...auth, 'content-type': 'text/csv' }, payload: csv });
        expect(res.statusCode, res.body).toBe(200);
      }
    }, 120_000);

    afterAll(async () => {
      await k?.close();
      await drop?.();
      await rm(dir, { recursive: true, force: true });
    });

    it('refuses every /api/ call without the admin token, the simulator included', async () => {
      for (const [method, url] of [['POST', '/api/simulator/messages'], ['GET', '/api/customers/segments'], ['POST', '/api/campaigns/preview'], ['POST', '/api/imports/products']] as const) {
        const res = await k.app.inject({ method, url, payload: method === 'POST' ? {} : undefined });
        expect(res.statusCode).toBe(401);
        const wrong = await k.app.inject({ method, url, headers: { authorization: 'Bearer wrong-token-000000' } });
        expect(wrong.statusCode).toBe(401);
      }
    });

    it('the simulator answers an order with the customer\'s own prices and confirms it on EVET', async () => {
      const summary = await sim('0532 111 00 02', '2 koli fairy');
      expect(summary).toHaveLength(1);
      expect(summary[0]).toContain('Ayşe Hanım');
      expect(summary[0]).toMatch(/Fiyat Listesi 2/);
      expect(summary[0]).toMatch(/Onaylıyor musunuz\? EVET \/ HAYIR/);
      const confirmed = await sim('+905321110002', 'evet');
      expect(confirmed[0]).toMatch(/Siparişiniz alındı \(No \d+\)/);
      const order = await k.db.prisma.order.findFirstOrThrow({ where: { customer: { phone: '+905321110002' } }, orderBy: { id: 'desc' } });
      expect(order.status).toBe('confirmed');
    });

    it('staff move an order along, the customer hears it, a manual price needs an admin, payments lower the balance', async () => {
      await sim('+905321110007', '3 koli fairy');
      const ok = await sim('+905321110007', 'evet');
      const number = Number(/No (\d+)/.exec(ok[0])![1]);
      const list = await k.app.inject({ method: 'GET', url: '/api/orders?phone=%2B905321110007', headers: auth });
      expect(list.json().orders[0]).toMatchObject({ number, status: 'confirmed', total: '720,00 TL' });

      const moved = await k.app.inject({ method: 'POST', url: `/api/orders/${number}/status`, headers: auth, payload: { status: 'on_the_way' } });
      expect(moved.json()).toEqual({ number, status: 'on_the_way' });
      const told = await k.db.prisma.outboxMessage.findFirstOrThrow({ where: { idempotencyKey: { startsWith: 'order-status:' } } });
      expect(told.text).toBe(`Hüseyin Bey, ${number} numaralı siparişiniz yola çıktı; bugün teslim edilecek.`);
      const backwards = await k.app.inject({ method: 'POST', url: `/api/orders/${number}/status`, headers: auth, payload: { status: 'preparing' } });
      expect(backwards.statusCode).toBe(409);

      const noAdmin = await k.app.inject({ method: 'POST', url: `/api/orders/${number}/price`, headers: auth, payload: { sku: 'DET-FAI-650', price: '200', admin: '', reason: 'x' } });
      expect(noAdmin.statusCode).toBe(400);
      const priced = await k.app.inject({ method: 'POST', url: `/api/orders/${number}/price`, headers: auth, payload: { sku: 'DET-FAI-650', price: '200,00', admin: 'Ali (müdür)', reason: 'sadık müşteri' } });
      expect(priced.statusCode, priced.body).toBe(200);
      const line = await k.db.prisma.orderLine.findFirstOrThrow({ where: { order: { number } } });
      expect(line).toMatchObject({ unitPriceKurus: 20_000, priceSource: 'manual', overriddenBy: 'Ali (müdür)' });

      const paid = await k.app.inject({ method: 'POST', url: '/api/payments', headers: auth, payload: { phone: '0532 111 00 07', amount: 100 } });
      expect(paid.statusCode).toBe(201);
      const bad = await k.app.inject({ method: 'POST', url: '/api/payments', headers: auth, payload: { phone: '0532 111 00 07', amount: -5 } });
      expect(bad.statusCode).toBe(400);
      const unknown = await k.app.inject({ method: 'POST', url: `/api/orders/999999/status`, headers: auth, payload: { status: 'preparing' } });
      expect(unknown.statusCode).toBe(404);
    });

    it('staff teach a customer their own word for a product; it holds for that customer only', async () => {
      const ayse = '+905321110002';
      const before = await sim(ayse, '3 koli sarı yağ');
      expect(before.join(' ')).not.toContain('Sana Margarin');
      const url = `/api/customers/${encodeURIComponent('0532 111 00 02')}/aliases`;
      const taught = await k.app.inject({ method: 'POST', url, headers: auth, payload: { phrase: 'Sarı Yağ', sku: 'MAR-SAN-250' } });
      expect(taught.statusCode, taught.body).toBe(201);
      expect(taught.json().alias).toMatchObject({ phrase: 'sari yag', sku: 'MAR-SAN-250', productName: 'Sana Margarin 250 g', createdBy: 'admin' });
      const [summary] = await sim(ayse, '3 koli sarı yağ');
      expect(summary).toContain('Sana Margarin 250 g — 3 koli');
      await sim(ayse, 'hayır');
      const other = await sim('+905321110001', '3 koli sarı yağ');
      expect(other.join(' ')).not.toContain('Sana Margarin');
      await sim('+905321110001', 'hayır');

      const listed = await k.app.inject({ method: 'GET', url, headers: auth });
      expect(listed.json().aliases).toEqual([expect.objectContaining({ phrase: 'sari yag', sku: 'MAR-SAN-250' })]);
      for (const [payload, status, message] of [
        [{ phrase: 'sarı yağ', sku: 'YOK-BOYLE-1' }, 400, /ürün bulunamadı: YOK-BOYLE-1/],
        [{ phrase: '  ', sku: 'MAR-SAN-250' }, 400, /ifade/],
        [{ sku: 'MAR-SAN-250' }, 400, /phrase/],
      ] as const) {
        const res = await k.app.inject({ method: 'POST', url, headers: auth, payload });
        expect(res.statusCode, res.body).toBe(status);
        expect(res.json().message).toMatch(message);
      }
      const stranger = await k.app.inject({ method: 'POST', url: '/api/customers/+905559990000/aliases', headers: auth, payload: { phrase: 'x', sku: 'MAR-SAN-250' } });
      expect(stranger.statusCode).toBe(404);
      expect(stranger.json().message).toContain('müşteri bulunamadı');
      expect((await k.app.inject({ method: 'GET', url, headers: auth })).json().aliases).toHaveLength(1); // nothing changed

      const removed = await k.app.inject({ method: 'DELETE', url: `${url}/${encodeURIComponent('sarı yağ')}`, headers: auth });
      expect(removed.statusCode, removed.body).toBe(200);
      const after = await sim(ayse, '3 koli sarı yağ');
      expect(after.join(' ')).not.toContain('Sana Margarin');
      await sim(ayse, 'hayır');
    });

    it('serves the admin page: every form it has calls an endpoint that exists, and its script parses', async () => {
      const page = await k.app.inject({ method: 'GET', url: '/' });
      expect(page.statusCode).toBe(200);
      expect(page.headers['content-type']).toContain('text/html');
      for (const heading of ['WhatsApp bağlantısı', 'Simülatör', 'Müşterinin kelimesi', 'Şablonlar']) expect(page.body).toContain(heading);
      const script = /<script>([\s\S]*)<\/script>/.exec(page.body)?.[1] ?? '';
      expect(() => new Function(script)).not.toThrow();
      const calls: [string, string, string][] = [
        ['GET', '/api/whatsapp', "'/api/whatsapp'"],
        ['GET', '/api/whatsapp/qr.png', "'/api/whatsapp/qr.png'"],
        ['GET', '/api/reports/today', "'/api/reports/today'"],
        ['GET', '/api/customers/segments', "'/api/customers/segments'"],
        ['POST', '/api/simulator/messages', "'/api/simulator/messages'"],
        ['POST', '/api/customers/:phone/aliases', "'/api/customers/' + encodeURIComponent"],
        ['POST', '/api/templates/reload', "'/api/templates/reload'"],
      ];
      for (const [method, url, inPage] of calls) {
        expect(script, url).toContain(inPage);
        expect(k.app.hasRoute({ method: method as 'GET' | 'POST', url }), `${method} ${url}`).toBe(true);
      }
    });

    it('answers a stranger politely without prices', async () => {
      const replies = await sim('+905551112233', 'omo 6 kg kaç lira');
      expect(replies).toHaveLength(1);
      expect(replies[0]).not.toMatch(/TL/);
    });

    it('gives a clear 400 on bad input and changes nothing', async () => {
      const before = await k.db.prisma.message.count();
      const res = await k.app.inject({ method: 'POST', url: '/api/simulator/messages', headers: auth, payload: { phone: 'abc', text: 'merhaba' } });
      expect(res.statusCode).toBe(400);
      expect(res.json().message).toMatch(/telefon/);
      const missing = await k.app.inject({ method: 'POST', url: '/api/simulator/messages', headers: auth, payload: { text: 'merhaba' } });
      expect(missing.statusCode).toBe(400);
      expect(await k.db.prisma.message.count()).toBe(before);
    });

    it('a bad import file writes nothing and names the bad lines', async () => {
      const before = await k.db.prisma.product.count();
      const csv = 'sku,name,unit,pack,category,aliases\nNEW-1,Yeni Ürün,koli,12 x 1 L,Test,\n,Adı var SKU yok,koli,,,\n';
      const res = await k.app.inject({ method: 'POST', url: '/api/imports/products', headers: { ...auth, 'content-type': 'text/csv' }, payload: csv });
      expect(res.statusCode).toBe(422);
      expect(res.json().report.errors[0].line).toBe(3);
      expect(await k.db.prisma.product.count()).toBe(before);
    });

    it('segments and campaign previews answer in the documented shape', async () => {
      const seg = await k.app.inject({ method: 'GET', url: '/api/customers/segments?at=2026-11-23', headers: auth });
      expect(seg.statusCode, seg.body).toBe(200);
      const phones = seg.json().customers.map((c: { phone: string }) => c.phone);
      expect(phones).toContain('+905321110001');
      const prev = await k.app.inject({ method: 'POST', url: '/api/campaigns/preview', headers: auth, payload: { kind: 'holiday', at: '2026-05-27T09:30:00+03:00' } });
      expect(prev.statusCode, prev.body).toBe(200);
      const recipients = prev.json().recipients as { phone: string; text: string }[];
      // Kurban Bayramı: consenting tacir customers only, never Fatma Hanım (no consent) or Zeynep Hanım (bireysel, no consent)
      expect(recipients.length).toBeGreaterThan(0);
      expect(recipients.map((r) => r.phone)).not.toContain('+905321110004');
      expect(recipients.map((r) => r.phone)).not.toContain('+905321110006');
      expect(recipients[0].text).toMatch(/Bayram/i);
      const bad = await k.app.inject({ method: 'POST', url: '/api/campaigns/preview', headers: auth, payload: { kind: 'nope' } });
      expect(bad.statusCode).toBe(400);
    });
  });
}
