import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/databases.ts';
import { generateHistory, phoneOf, seedHistory, type GenCustomer } from '../support/historyGenerator.ts';
import { createSegmentService } from '../../src/customers/segmentService.ts';
import { createCampaignService, type CampaignService } from '../../src/campaigns/campaignService.ts';
import { campaignSettings } from '../../src/campaigns/settings.ts';
import { loadTemplates, type Templates } from '../../src/campaigns/templates.ts';
import { enqueueOutbox } from '../../src/outbox/enqueue.ts';
import { manualClock } from '../../src/shared/clock.ts';
import { phoneToJid } from '../../src/shared/phone.ts';
import type { Database } from '../../src/db/database.ts';

// Friday 20 March 2026, 09:30 in Istanbul: the first day of Ramazan Bayramı.
const at = new Date('2026-03-20T06:30:00Z');
const DAY = 86_400_000;
const history = generateHistory({ seed: 11, asOf: at, counts: { weekly: 2, monthly: 2, silent100: 5, newcomer: 1, latePayer: 1 } });
const of = (profile: GenCustomer['profile']) => history.customers.filter((c) => c.profile === profile);
const [weeklyOk, weeklyOptedOut] = of('weekly');
const [monthlyTacir, monthlyBireysel] = of('monthly');
const [silentOk, silentNoConsent, silentOptedOut, silentRecentlyWon, silentOk2] = of('silent100');
const [newcomer] = of('newcomer');
const [latePayer] = of('latePayer');

// Kemal Bey first ordered exactly a year ago today, and again last week.
const kemal: GenCustomer = { ...newcomer, phone: phoneOf(99), name: 'Kemal Aksoy', title: 'Kemal Bey', profile: 'never' };
history.customers.push(kemal);
history.orders.push(
  { orderNo: 'K1', phone: kemal.phone, at: new Date('2025-03-20T08:00:00Z'), lines: [{ sku: 'SEK-TOZ-5K', quantity: 1, unitPriceKurus: 70_000 }] },
  { orderNo: 'K2', phone: kemal.phone, at: new Date(at.getTime() - 5 * DAY), lines: [{ sku: 'SEK-TOZ-5K', quantity: 2, unitPriceKurus: 70_000 }] },
);
history.payments.push({ phone: kemal.phone, at: new Date('2025-04-15T08:00:00Z'), amountKurus: 70_000 });

weeklyOptedOut.optedOut = true;
monthlyBireysel.customerType = 'bireysel';
monthlyTacir.creditLimitKurus = 400_000; // 4.000 TL: the unpaid recent orders nearly fill it
silentNoConsent.commercialConsent = false;
silentOptedOut.optedOut = true;

const settings = campaignSettings({ businessName: 'Test Toptan' });
const FOOTER = '— Test Toptan · Mesaj almamak için DUR yazın.';
const mayGetCommercial = (c: GenCustomer) => c.commercialConsent && !c.optedOut;
const phones = (rs: { phone: string }[]) => rs.map((r) => r.phone).sort();
const sorted = (cs: GenCustomer[]) => cs.map((c) => c.phone).sort();

describeEachDatabase('campaigns', (db) => {
  const clock = manualClock(at);
  let templates: Templates;
  let ids: Map<string, number>;
  const service = (): CampaignService => createCampaignService({ db: db(), clock, templates, settings });

  beforeAll(async () => {
    templates = await loadTemplates();
    ids = await seedHistory(db(), history);
    await arrangeScenario(db(), ids);
    await createSegmentService({ db: db(), clock }).recomputeNightly();
  });

  it('new arrivals: A at once, B a day later, only the segments asked, never without consent', async () => {
    const { recipients } = await service().preview('arrivals', at, { text: 'Yeni sezon ürünleri geldi.', segments: ['A', 'B'] });
    expect(phones(recipients)).toEqual(sorted([weeklyOk, latePayer, monthlyTacir, monthlyBireysel, newcomer]));
    const a = recipients.filter((r) => r.segment === 'A');
    expect(phones(a)).toEqual(sorted([weeklyOk, latePayer]));
    for (const r of a) expect(r.sendAfter).toBe(at.toISOString());
    for (const r of recipients.filter((x) => x.segment === 'B')) expect(r.sendAfter).toBe(new Date(at.getTime() + DAY).toISOString());
    const ahmet = recipients.find((r) => r.phone === weeklyOk.phone)!;
    expect(ahmet.text.startsWith(`Merhaba ${weeklyOk.title}, Yeni sezon ürünleri geldi.`)).toBe(true);
    expect(ahmet.text.endsWith(FOOTER)).toBe(true);
  });

  it('new arrivals to buyers of a category only, when asked', async () => {
    const { recipients } = await service().preview('arrivals', at, { text: 'Yeni deterjanlar geldi.', category: 'Temizlik', onlyBuyers: true });
    const buyers = history.customers.filter((c) => mayGetCommercial(c) && history.orders.some((o) => o.phone === c.phone && o.at <= at && o.lines.some((l) => l.sku.startsWith('TEM-'))));
    expect(buyers.length).toBeGreaterThan(0);
    expect(phones(recipients)).toEqual(sorted(buyers));
  });

  it('holiday greetings go to every consenting customer on the morning of the bayram, and on no other day', async () => {
    const { recipients } = await service().preview('holiday', at);
    expect(phones(recipients)).toEqual(sorted(history.customers.filter(mayGetCommercial)));
    expect(recipients[0].text).toMatch(/^Ramazan Bayramınız mübarek olsun .+! /);
    expect(recipients[0].text.endsWith(FOOTER)).toBe(true);
    expect((await service().preview('holiday', new Date('2026-03-23T06:30:00Z'))).recipients).toEqual([]);
    const kurban = await service().preview('holiday', new Date('2026-05-27T06:30:00Z'));
    expect(kurban.recipients[0].text).toMatch(/^Kurban Bayramınız mübarek olsun/);
  });

  it('personal days: birthday, first-order anniversary and noted days, with consent', async () => {
    const { recipients } = await service().preview('personal', at);
    expect(phones(recipients)).toEqual(sorted([monthlyTacir, weeklyOk, kemal]));
    const text = (c: GenCustomer) => recipients.find((r) => r.phone === c.phone)!.text;
    expect(text(monthlyTacir)).toMatch(/^Doğum gününüz kutlu olsun/);
    expect(text(weeklyOk)).toMatch(/Dükkân açılış yıldönümünüz kutlu olsun/);
    expect(text(kemal)).toMatch(/birlikte çalışmaya başlayalı tam 1 yıl oldu/);
  });

  it('win-back: silent 60+ days, consenting, at most once in 30 days', async () => {
    const { recipients } = await service().preview('winback', at);
    expect(phones(recipients)).toEqual(sorted([silentOk, silentOk2]));
    expect(recipients[0].text).toMatch(/^Merhaba .+, sizi özledik! Yeni ürünlerimizi görmek ister misiniz\?/);
    expect(recipients[0].text).toContain(settings.winbackOffer);
  });

  it('follow-ups: a week after a complaint, credit nearly used, payments due and overdue — without marketing consent', async () => {
    const { recipients } = await service().preview('followup', at);
    const byKind = (k: string) => phones(recipients.filter((r) => r.kind === k));
    expect(byKind('followup')).toEqual(sorted([silentNoConsent]));
    expect(byKind('credit')).toEqual(sorted([monthlyTacir]));
    expect(byKind('payment')).toEqual(sorted([latePayer, newcomer]));
    const text = (k: string, c: GenCustomer) => recipients.find((r) => r.kind === k && r.phone === c.phone)!.text;
    expect(text('followup', silentNoConsent)).toMatch(/her şey yolunda mı\?/);
    expect(text('credit', monthlyTacir)).toMatch(/4\.000,00 TL limitinizin %\d+'ine ulaştı/);
    expect(text('payment', latePayer)).toMatch(/vadesi \d+ gün geçmiş ödemeniz/);
    expect(text('payment', newcomer)).toBe(`Merhaba ${newcomer.title}, 1.500,00 TL tutarındaki ödemenizin vadesi 22 Mart Pazar. Hatırlatmak istedik; ödediyseniz lütfen bu mesajı dikkate almayın.`);
    for (const r of recipients) expect(r.text).not.toContain('DUR yazın'); // transactional: no marketing footer
  });

  it('suggestions from last year\'s same weeks, to consenting customers who have not bought it lately', async () => {
    const { recipients } = await service().preview('suggestion', at, { mode: 'last-year' });
    const from = at.getTime() - 365 * DAY;
    const to = from + settings.lastYearWindowDays * DAY;
    const expected = history.customers.filter((c) => {
      if (!mayGetCommercial(c)) return false;
      const then = new Set(history.orders.filter((o) => o.phone === c.phone && o.at.getTime() >= from && o.at.getTime() < to).flatMap((o) => o.lines.map((l) => l.sku)));
      const lately = new Set(history.orders.filter((o) => o.phone === c.phone && o.at.getTime() > at.getTime() - 30 * DAY && o.at <= at).flatMap((o) => o.lines.map((l) => l.sku)));
      return [...then].some((sku) => !lately.has(sku));
    });
    expect(expected.length).toBeGreaterThan(0);
    expect(phones(recipients)).toEqual(sorted(expected));
    for (const r of recipients) expect(r.text).toMatch(/geçen yıl bu dönemde \d+ (koli|çuval) .+ almıştınız — bu yıl da sizin için ayırayım mı\?/);
  });

  it('never sends a commercial message to an opted-out or non-consenting customer', async () => {
    const blocked = new Set(history.customers.filter((c) => !mayGetCommercial(c)).map((c) => c.phone));
    for (const kind of ['arrivals', 'holiday', 'personal', 'winback', 'suggestion'] as const) {
      const { recipients } = await service().preview(kind, at, kind === 'arrivals' ? { text: 'Yeni ürünler' } : {});
      for (const r of recipients) expect(blocked.has(r.phone), `${kind} → ${r.phone}`).toBe(false);
      for (const r of recipients) expect(r.text.endsWith(FOOTER)).toBe(true);
    }
  });

  it('a preview writes nothing', async () => {
    const p = db().prisma;
    const before = [await p.campaign.count(), await p.campaignRecipient.count(), await p.outboxMessage.count()];
    await service().preview('holiday', at);
    await service().preview('arrivals', at, { text: 'x' });
    expect([await p.campaign.count(), await p.campaignRecipient.count(), await p.outboxMessage.count()]).toEqual(before);
  });

  it('a broadcast killed halfway resumes after a restart and nobody gets two copies', async () => {
    const p = db().prisma;
    const started = await service().start('arrivals', { text: 'Kış ürünleri geldi.' }, { actor: 'owner' });
    const id = started.campaignId!;
    const planned = await p.campaignRecipient.findMany({ where: { campaignId: id }, orderBy: { sendAfter: 'asc' } });
    expect(planned.length).toBe(history.customers.filter(mayGetCommercial).length);
    // A segment first; B and C wait, and only go in business hours.
    for (const r of planned) expect(r.sendAfter.getTime()).toBe(at.getTime() + (r.segment === 'A' ? 0 : r.segment === 'B' ? 1 : 2) * DAY);

    clock.set(new Date(at.getTime() + 2 * DAY + 60_000));
    expect(await service().dispatchDue(clock.now(), { limit: 3 })).toEqual({ queued: 3, skipped: 0 });
    // The process dies after writing the next outbox row but before marking the recipient.
    const next = (await p.campaignRecipient.findFirst({ where: { campaignId: id, status: 'pending' }, orderBy: [{ sendAfter: 'asc' }, { id: 'asc' }], include: { customer: true } }))!;
    await enqueueOutbox(p, { key: `campaign:${id}:${next.customerId}`, jid: phoneToJid(next.customer.phone), text: next.text, customerId: next.customerId, kind: 'proactive', commercial: true });

    // Restart: a new service, dispatching until nothing is left.
    const restarted = service();
    let rounds = 0;
    while ((await restarted.dispatchDue(clock.now(), { limit: 4 })).queued > 0) rounds++;
    expect(rounds).toBeGreaterThan(0);
    const outbox = await p.outboxMessage.findMany({ where: { idempotencyKey: { startsWith: `campaign:${id}:` } } });
    expect(outbox).toHaveLength(planned.length);
    expect(new Set(outbox.map((o) => o.customerId)).size).toBe(planned.length);
    expect(outbox.every((o) => o.commercial && o.kind === 'proactive')).toBe(true);
    expect(await p.campaignRecipient.count({ where: { campaignId: id, status: 'pending' } })).toBe(0);
    expect((await p.campaign.findUniqueOrThrow({ where: { id } })).status).toBe('done');
    clock.set(at);
  });

  it('an opt-out after planning wins: the recipient is skipped at dispatch', async () => {
    const p = db().prisma;
    const started = await service().start('winback', {}, { actor: 'system' });
    const id = started.campaignId!;
    expect(started.recipients).toBe(2);
    await p.customer.update({ where: { phone: silentOk2.phone }, data: { optedOutAt: at } });
    clock.set(new Date(at.getTime() + 60_000));
    expect(await service().dispatchDue(clock.now())).toEqual({ queued: 1, skipped: 1 });
    const outbox = await p.outboxMessage.findMany({ where: { idempotencyKey: { startsWith: `campaign:${id}:` } } });
    expect(outbox.map((o) => o.customerId)).toEqual([ids.get(silentOk.phone)]);
    // Starting the same day's win-back again finds the campaign instead of making another.
    const again = await service().start('winback', {}, { actor: 'system' });
    expect(again.campaigns[0]).toMatchObject({ id, existing: true });
    await p.customer.update({ where: { phone: silentOk2.phone }, data: { optedOutAt: null } });
    clock.set(at);
  });

  it('reports progress (sent, delivered, read, replied, ordered) and the win-back rate', async () => {
    const p = db().prisma;
    const winback = (await p.campaign.findFirst({ where: { kind: 'winback' }, orderBy: { id: 'desc' } }))!;
    const key = `campaign:${winback.id}:${ids.get(silentOk.phone)}`;
    const sentAt = new Date(at.getTime() + 3_600_000);
    await p.outboxMessage.update({ where: { idempotencyKey: key }, data: { status: 'sent', sentAt, deliveredAt: sentAt, readAt: new Date(sentAt.getTime() + 600_000) } });
    const conv = await p.conversation.create({ data: { jid: phoneToJid(silentOk.phone), phone: silentOk.phone, customerId: ids.get(silentOk.phone)! } });
    await p.message.create({ data: { conversationId: conv.id, direction: 'in', remoteJid: conv.jid, waId: 'W1', text: 'Evet, listeyi atar mısınız?', sentAt: new Date(sentAt.getTime() + 1_800_000) } });
    await p.order.create({ data: { customerId: ids.get(silentOk.phone)!, status: 'confirmed', totalKurus: 120_000, orderedAt: new Date(sentAt.getTime() + 5 * DAY) } });

    const progress = await service().progress(winback.id);
    expect(progress).toMatchObject({ total: 2, sent: 1, delivered: 1, read: 1, replied: 1, ordered: 1, skipped: 1 });
    clock.set(new Date(at.getTime() + 30 * DAY));
    expect(await service().winbackRate(new Date(at.getTime() - DAY), new Date(at.getTime() + DAY))).toEqual({ sent: 1, converted: 1, rate: 1, stillOpen: 0 });
    clock.set(at);
  });
});

/** Consent flags are in the generated cards; here the rest of the story: days, complaints, a due payment, a past win-back. */
async function arrangeScenario(db: Database, ids: Map<string, number>) {
  const p = db.prisma;
  const id = (c: GenCustomer) => ids.get(c.phone)!;
  await p.customer.update({ where: { id: id(monthlyTacir) }, data: { birthday: new Date('1980-03-20T00:00:00Z') } });
  await p.customer.update({ where: { id: id(silentNoConsent) }, data: { birthday: new Date('1975-03-20T00:00:00Z') } });
  await p.specialDay.create({ data: { customerId: id(weeklyOk), kind: 'other', label: 'Dükkân açılış yıldönümünüz', month: 3, day: 20 } });
  // A sale of the newcomer's falls due in two days.
  await p.ledgerEntry.create({
    data: { customerId: id(newcomer), kind: 'sale', amountKurus: 150_000, occurredAt: new Date(at.getTime() - 28 * DAY), dueAt: new Date(at.getTime() + 2 * DAY) },
  });
  const product = await p.product.findFirstOrThrow({ where: { sku: 'YAG-YUD-5L' } });
  await p.complaint.create({ data: { customerId: id(silentNoConsent), productId: product.id, text: 'Yağ kolisi ezik geldi', createdAt: new Date(at.getTime() - 8 * DAY) } });
  await p.complaint.create({ data: { customerId: id(weeklyOk), text: 'Teslimat geç kaldı', createdAt: new Date(at.getTime() - 3 * DAY) } });
  await p.complaint.create({ data: { customerId: id(monthlyBireysel), text: 'Eksik ürün', createdAt: new Date(at.getTime() - 10 * DAY), followUpSentAt: new Date(at.getTime() - 3 * DAY) } });
  // A win-back ten days ago: not again within 30 days.
  const past = await p.campaign.create({ data: { kind: 'winback', name: 'winback:2026-03-10', status: 'done', createdAt: new Date(at.getTime() - 10 * DAY) } });
  await p.campaignRecipient.create({
    data: { campaignId: past.id, customerId: id(silentRecentlyWon), text: 'Sizi özledik', sendAfter: past.createdAt, status: 'sent', sentAt: past.createdAt },
  });
}
