import { beforeAll, beforeEach, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/databases.ts';
import { AHMET, AYSE, harness, MEHMET, OWNER, reset, seed } from './harness.ts';

const MIN = 60_000;

describeEachDatabase('inbox response time and owner commands', (db) => {
  beforeAll(async () => {
    await seed(db());
  });
  beforeEach(async () => {
    await reset(db());
  });

  it('reports the day: conversations, first responses, share within the standard, p50 and p95', async () => {
    const h = await harness(db());
    await h.say(AHMET, '2 paket Çaykur tiryaki'); // answered by the bot at once
    await h.say(MEHMET, 'beni biri arayabilir mi'); // waits for staff
    h.clock.advance(5 * MIN);
    await h.say(AYSE, 'geçen ayın faturasını tekrar gönderir misiniz'); // waits for staff, never answered
    h.clock.advance(5 * MIN);
    await h.inbox.handle(h.message(MEHMET, 'Mehmet Bey merhaba, hemen arıyorum', { fromMe: true })); // 10 minutes
    h.clock.advance(40 * MIN);
    const r = await h.inbox.dailyReport('2026-11-24');
    expect(r).toMatchObject({ day: '2026-11-24', conversations: 3, waits: 3, firstResponses: 2, overdue: 1, p50Ms: 0, p95Ms: 10 * MIN });
    expect(r.withinStandardShare).toBeCloseTo(2 / 3, 5);
    // Another day has nothing.
    expect(await h.inbox.dailyReport('2026-11-23')).toMatchObject({ conversations: 0, withinStandardShare: null, p95Ms: null });
  });

  it('a message sent while waiting for staff joins the wait: the clock runs from the first one', async () => {
    const h = await harness(db());
    await h.say(MEHMET, 'beni biri arayabilir mi');
    h.clock.advance(3 * MIN);
    await h.say(MEHMET, 'acil lütfen');
    h.clock.advance(3 * MIN);
    await h.inbox.handle(h.message(MEHMET, 'arıyorum', { fromMe: true }));
    const waits = await db().prisma.responseWait.findMany();
    expect(waits).toHaveLength(1);
    expect(waits[0].answeredAt!.getTime() - waits[0].receivedAt.getTime()).toBe(6 * MIN);
  });

  it('/rapor gives today\'s orders, the response share and p95, promises kept and the at-risk count', async () => {
    const h = await harness(db());
    await h.say(AHMET, '3 koli Yudum 5 lt, 2 paket Çaykur tiryaki, 1 koli fairy');
    await h.say(AHMET, 'evet');
    await h.say(MEHMET, 'beni biri arayabilir mi');
    h.clock.advance(4 * MIN);
    await h.inbox.handle(h.message(MEHMET, 'arıyorum', { fromMe: true }));
    const [report] = await h.say(OWNER, '/rapor');
    expect(report).toBe("Bugün: 1 sipariş, 4.530 TL. Yanıt: %100'ü 30 dk içinde (p95 4 dk). Teslimat sözü: henüz ölçülecek teslimat yok. Risk listesi hazır değil.");
  });

  it('owner messages are commands, never orders; unknown commands get the list; /duyuru without campaigns says so', async () => {
    const h = await harness(db());
    const [help] = await h.say(OWNER, '3 koli Yudum 5 lt');
    expect(help).toContain('/rapor');
    expect(await db().prisma.order.count()).toBe(0);
    const [duyuru] = await h.say(OWNER, '/duyuru A,B Yeni sezon çaylar geldi');
    expect(duyuru).toBe('/duyuru şu an kullanılamıyor.');
    const [risk] = await h.say(OWNER, '/risk');
    expect(risk).toBe('/risk şu an kullanılamıyor.');
    const [unknown] = await h.say(OWNER, '/devret 05559998877');
    expect(unknown).toContain('+905559998877 numarasıyla bir sohbet bulamadım');
  });
});
