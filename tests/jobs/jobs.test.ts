import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/databases.ts';
import { generateHistory, seedHistory } from '../support/historyGenerator.ts';
import { buildJobs } from '../../src/jobs/jobs.ts';
import { createScheduler } from '../../src/jobs/schedule.ts';
import { createSegmentService } from '../../src/customers/segmentService.ts';
import { createCampaignService } from '../../src/campaigns/campaignService.ts';
import { campaignSettings } from '../../src/campaigns/settings.ts';
import { loadTemplates } from '../../src/campaigns/templates.ts';
import { manualClock } from '../../src/shared/clock.ts';

const monday = new Date('2026-03-16T05:30:00Z'); // 08:30 Istanbul
const history = generateHistory({ seed: 3, asOf: monday, counts: { weekly: 2, silent100: 2, twiceWeeklySilent: 1 } });
const OWNER = '+905559990001';

describeEachDatabase('Kolibot jobs', (db) => {
  const clock = manualClock(monday);
  let scheduler: ReturnType<typeof createScheduler>;

  beforeAll(async () => {
    await seedHistory(db(), history);
    const templates = await loadTemplates();
    const segments = createSegmentService({ db: db(), clock });
    const campaigns = createCampaignService({ db: db(), clock, templates, settings: campaignSettings({ businessName: 'Test Toptan' }) });
    scheduler = createScheduler({ db: db(), clock, jobs: buildJobs({ db: db(), clock, segments, campaigns, ownerPhones: [OWNER] }), instanceId: 'test' });
  });

  it('sends the owner the weekly at-risk list on Monday morning, each with the reason', async () => {
    await scheduler.runDue(clock.now());
    const alerts = await db().prisma.outboxMessage.findMany({ where: { kind: 'alert' } });
    expect(alerts).toHaveLength(1);
    expect(alerts[0].jid).toBe('905559990001@s.whatsapp.net');
    expect(alerts[0].text).toMatch(/^Risk listesi \(16 Mart Pazartesi\): 3 müşteri ilgi bekliyor\./);
    expect(alerts[0].text).toMatch(/gündür sipariş yok/);
    expect(alerts[0].text).toMatch(/normalde [34] günde bir sipariş verirken 21 gündür sipariş yok/);
    // Segments were computed by the nightly catch-up (02:00 was missed).
    expect(await db().prisma.customer.count({ where: { segment: null } })).toBe(0);
  });

  it('greets on the bayram morning and the dispatch moves the greetings into the outbox', async () => {
    clock.set(new Date('2026-03-20T06:30:05Z')); // Friday 09:30, Ramazan Bayramı
    await scheduler.runDue(clock.now());
    const campaign = await db().prisma.campaign.findFirstOrThrow({ where: { kind: 'holiday' }, include: { recipients: true } });
    expect(campaign.name).toBe('holiday:2026-03-20');
    expect(campaign.recipients).toHaveLength(history.customers.length);
    const outbox = await db().prisma.outboxMessage.findMany({ where: { idempotencyKey: { startsWith: `campaign:${campaign.id}:` } } });
    expect(outbox).toHaveLength(history.customers.length);
    expect(outbox[0].text).toMatch(/^Ramazan Bayramınız mübarek olsun/);
    // The same morning again (a restart): nothing new.
    await scheduler.runDue(new Date('2026-03-20T06:45:00Z'));
    expect(await db().prisma.campaign.count({ where: { kind: 'holiday' } })).toBe(1);
  });
});
