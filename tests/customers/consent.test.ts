import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/databases.ts';
import { generateHistory, seedHistory } from '../support/historyGenerator.ts';
import { createConsentService, isStopWord } from '../../src/customers/consentService.ts';
import { createSegmentService } from '../../src/customers/segmentService.ts';
import { createCampaignService } from '../../src/campaigns/campaignService.ts';
import { loadTemplates } from '../../src/campaigns/templates.ts';
import { enqueueOutbox } from '../../src/outbox/enqueue.ts';
import { manualClock } from '../../src/shared/clock.ts';

const at = new Date('2026-03-18T07:00:00Z');
const history = generateHistory({ seed: 5, asOf: at, counts: { weekly: 3 } });

describeEachDatabase('opting out', (db) => {
  const clock = manualClock(at);
  beforeAll(async () => {
    await seedHistory(db(), history);
    await createSegmentService({ db: db(), clock }).recomputeNightly(); // weekly buyers → A
  });

  it('works at once: pending commercial messages are dropped, debts and orders still go', async () => {
    const p = db().prisma;
    const campaigns = createCampaignService({ db: db(), clock, templates: await loadTemplates() });
    const started = await campaigns.start('arrivals', { text: 'Yeni ürünler geldi.', segments: ['A'] }, { actor: 'owner' });
    expect(started.recipients).toBe(3);
    const customer = await p.customer.findUniqueOrThrow({ where: { phone: history.customers[0].phone } });
    await enqueueOutbox(p, { key: 'order-confirm-1', jid: 'x@s.whatsapp.net', text: 'Siparişiniz onaylandı', customerId: customer.id, kind: 'reply' });
    await enqueueOutbox(p, { key: 'promo-1', jid: 'x@s.whatsapp.net', text: 'Kampanya', customerId: customer.id, kind: 'proactive', commercial: true });

    const consent = createConsentService({ db: db(), clock });
    expect(isStopWord('dur.')).toBe(true);
    expect(isStopWord('Durum nedir?')).toBe(false);
    expect(await consent.optOut({ customerId: customer.id, source: 'whatsapp', text: 'DUR' })).toEqual({ cancelled: 1 });

    expect((await p.outboxMessage.findUniqueOrThrow({ where: { idempotencyKey: 'order-confirm-1' } })).status).toBe('pending');
    expect((await p.outboxMessage.findUniqueOrThrow({ where: { idempotencyKey: 'promo-1' } })).status).toBe('cancelled');
    const mine = await p.campaignRecipient.findFirstOrThrow({ where: { campaignId: started.campaignId!, customerId: customer.id } });
    expect(mine.status).toBe('skipped');
    await campaigns.dispatchDue(at);
    expect(await p.outboxMessage.count({ where: { idempotencyKey: { startsWith: `campaign:${started.campaignId}:` } } })).toBe(2);
    expect(await p.consentEvent.findMany({ where: { customerId: customer.id }, select: { granted: true, text: true } })).toEqual([{ granted: false, text: 'DUR' }]);
    // Later campaigns leave the customer out until consent is given again.
    expect((await campaigns.preview('holiday', new Date('2026-05-27T06:30:00Z'))).recipients.map((r) => r.phone)).not.toContain(customer.phone);
    await consent.optIn({ customerId: customer.id, source: 'whatsapp', text: 'BAŞLA' });
    expect((await campaigns.preview('holiday', new Date('2026-05-27T06:30:00Z'))).recipients.map((r) => r.phone)).toContain(customer.phone);
  });
});
