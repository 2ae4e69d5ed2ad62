import { beforeAll, describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/databases.ts';
import { generateHistory, seedHistory, type Profile } from '../support/historyGenerator.ts';
import { createSegmentService, endOfDay } from '../../src/customers/segmentService.ts';
import { atRiskSummaryText } from '../../src/customers/atRisk.ts';
import { manualClock } from '../../src/shared/clock.ts';

const asOf = new Date('2026-03-18T09:00:00Z'); // Wednesday 12:00 in Istanbul
const history = generateHistory({
  seed: 42,
  asOf,
  counts: { weekly: 3, monthly: 3, silent100: 2, twiceWeeklySilent: 2, basketDrop: 1, latePayer: 1, newcomer: 1, never: 1 },
});
const profileOf = new Map(history.customers.map((c) => [c.phone, c.profile]));

const expectedSegment: Record<Profile, 'A' | 'B' | 'C'> = {
  weekly: 'A',
  monthly: 'B',
  silent100: 'C',
  twiceWeeklySilent: 'A',
  basketDrop: 'A',
  latePayer: 'A',
  newcomer: 'B',
  never: 'C',
};
const expectedReasons: Record<Profile, string[]> = {
  weekly: [],
  monthly: [],
  silent100: ['silent'],
  twiceWeeklySilent: ['cadence'],
  basketDrop: ['basket'],
  latePayer: ['late_payment'],
  newcomer: [],
  never: [],
};

describeEachDatabase('segments and churn warnings', (db) => {
  const clock = manualClock(asOf);
  beforeAll(async () => {
    await seedHistory(db(), history);
  });

  it('puts each customer in the segment of their rhythm', async () => {
    const svc = createSegmentService({ db: db(), clock });
    const rows = await svc.computeAt(asOf);
    expect(rows).toHaveLength(history.customers.length);
    for (const r of rows) expect({ phone: r.phone, segment: r.segment }).toEqual({ phone: r.phone, segment: expectedSegment[profileOf.get(r.phone)!] });
    const weekly = rows.find((r) => profileOf.get(r.phone) === 'weekly')!;
    expect(weekly.recencyDays).toBe(2);
    expect(weekly.ordersPerMonth).toBeGreaterThanOrEqual(4);
    const never = rows.find((r) => profileOf.get(r.phone) === 'never')!;
    expect(never.recencyDays).toBeNull();
  });

  it('names the right churn reason, in Turkish', async () => {
    const rows = await createSegmentService({ db: db(), clock }).computeAt(asOf);
    for (const r of rows) {
      expect({ phone: r.phone, reasons: r.churnReasons.map((x) => x.code) }).toEqual({ phone: r.phone, reasons: expectedReasons[profileOf.get(r.phone)!] });
    }
    const cadence = rows.find((r) => profileOf.get(r.phone) === 'twiceWeeklySilent')!.churnReasons[0].text;
    expect(cadence).toMatch(/^normalde [34] günde bir sipariş verirken 21 gündür sipariş yok$/);
    const silent = rows.find((r) => profileOf.get(r.phone) === 'silent100')!.churnReasons[0].text;
    expect(silent).toMatch(/^100 gündür sipariş yok \(son sipariş 8 Aralık Pazartesi\)$/);
    expect(rows.find((r) => profileOf.get(r.phone) === 'basketDrop')!.churnReasons[0].text).toMatch(/^ortalama sipariş tutarı .* TL'den .* TL'ye düştü \(%7\d azaldı\)$/);
    expect(rows.find((r) => profileOf.get(r.phone) === 'latePayer')!.churnReasons[0].text).toMatch(/^son ödemeler ortalama \d+ gün gecikmeli \(önceden zamanında ödüyordu\)$/);
  });

  it('computes as of a past day, ignoring everything after it', async () => {
    const rows = await createSegmentService({ db: db(), clock }).computeAt(endOfDay('2026-02-20'));
    const byProfile = (p: Profile) => rows.filter((r) => profileOf.get(r.phone) === p);
    // Before the silence began, the twice-a-week buyers were loyal and not at risk.
    for (const r of byProfile('twiceWeeklySilent')) expect(r.churnReasons).toEqual([]);
    for (const r of byProfile('twiceWeeklySilent')) expect(r.segment).toBe('A');
    // The newcomer had not ordered yet.
    for (const r of byProfile('newcomer')) expect(r.recencyDays).toBeNull();
  });

  it('stores segments nightly and writes a change only when a segment changes', async () => {
    const p = db().prisma;
    const svc = createSegmentService({ db: db(), clock });
    const first = await svc.recomputeNightly();
    expect(first.changed).toBe(history.customers.length);
    expect(await p.segmentChange.count()).toBe(history.customers.length);
    const again = await svc.recomputeNightly();
    expect(again.changed).toBe(0);
    expect(await p.segmentChange.count()).toBe(history.customers.length);

    // A month without orders: the weekly buyers drop from A to B.
    clock.set(new Date(asOf.getTime() + 30 * 86_400_000));
    const later = await svc.recomputeNightly();
    const weeklyPhones = history.customers.filter((c) => c.profile === 'weekly').map((c) => c.phone);
    const weekly = await p.customer.findMany({ where: { phone: { in: weeklyPhones } }, include: { segmentHistory: { orderBy: { id: 'asc' } } } });
    for (const c of weekly) {
      expect(c.segment).toBe('B');
      expect(c.segmentHistory.map((h) => [h.fromSeg, h.toSeg])).toEqual([
        [null, 'A'],
        ['A', 'B'],
      ]);
    }
    expect(later.changed).toBeGreaterThanOrEqual(weeklyPhones.length);
    clock.set(asOf);
  });

  it('lists the customers at risk with their reasons for the owner', async () => {
    const list = await createSegmentService({ db: db(), clock }).atRiskList(asOf);
    const profiles = list.map((r) => profileOf.get(r.phone)).sort();
    expect(profiles).toEqual(['basketDrop', 'latePayer', 'silent100', 'silent100', 'twiceWeeklySilent', 'twiceWeeklySilent'].sort());
    const text = atRiskSummaryText(list, asOf);
    expect(text).toContain('6 müşteri');
    expect(text).toContain('gündür sipariş yok');
  });

  it('warns when our messages go unanswered, and not once the customer writes back', async () => {
    const p = db().prisma;
    const [quiet, talker] = history.customers.filter((c) => c.profile === 'weekly').map((c) => c.phone);
    const ids = await Promise.all([quiet, talker].map((phone) => p.customer.findUniqueOrThrow({ where: { phone } }).then((c) => c.id)));
    for (const [i, id] of ids.entries()) {
      for (let n = 0; n < 3; n++) {
        await p.outboxMessage.create({
          data: {
            idempotencyKey: `noreply-test:${id}:${n}`, jid: `x${id}@s.whatsapp.net`, customerId: id, kind: 'proactive', commercial: true,
            text: 'Yeni ürünler geldi', status: 'sent', sentAt: new Date(asOf.getTime() - (20 - n) * 86_400_000),
          },
        });
      }
      if (i === 1) {
        const conv = await p.conversation.create({ data: { jid: `x${id}@s.whatsapp.net`, customerId: id } });
        await p.message.create({
          data: { conversationId: conv.id, direction: 'in', remoteJid: conv.jid, waId: `reply-${id}`, text: 'teşekkürler', sentAt: new Date(asOf.getTime() - 2 * 86_400_000) },
        });
      }
    }
    const standings = await createSegmentService({ db: db(), clock }).computeAt(asOf);
    const reasonsOf = (phone: string) => standings.find((x) => x.phone === phone)!.churnReasons;
    expect(reasonsOf(quiet)).toEqual([{ code: 'no_reply', text: 'son 3 mesajımıza yanıt vermedi' }]);
    expect(reasonsOf(talker)).toEqual([]);
    await p.message.deleteMany({ where: { waId: `reply-${ids[1]}` } });
    await p.conversation.deleteMany({ where: { customerId: ids[1] } });
    await p.outboxMessage.deleteMany({ where: { idempotencyKey: { startsWith: 'noreply-test:' } } });
  });
});

describe('endOfDay', () => {
  it('is the last millisecond of the Istanbul day', () => {
    expect(endOfDay('2026-03-20').toISOString()).toBe('2026-03-20T20:59:59.999Z');
  });
});
