import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/databases.ts';
import { createCampaignService } from '../../src/campaigns/campaignService.ts';
import { campaignSettings } from '../../src/campaigns/settings.ts';
import { loadTemplates, type Templates } from '../../src/campaigns/templates.ts';
import { reportBroadcasts } from '../../src/campaigns/broadcastReports.ts';
import { manualClock } from '../../src/shared/clock.ts';

const OWNER = '+905329990001';
const start = new Date('2026-11-24T07:00:00Z'); // Tuesday 10:00 in Istanbul

describeEachDatabase('broadcast reports to the owner', (db) => {
  let templates: Templates;
  beforeAll(async () => {
    templates = await loadTemplates();
    const p = db().prisma;
    await p.priceList.create({ data: { code: 'L1', name: 'Fiyat Listesi 1' } });
    for (let i = 0; i < 3; i++) {
      await p.customer.create({
        data: { phone: `+90532555000${i}`, name: `Müşteri ${i}`, title: `Müşteri${i} Bey`, priceListCode: 'L1', segment: 'A', commercialConsent: true, consentSource: 'import', consentAt: start },
      });
    }
  });

  it('reports once when every message has gone out, and once more with the outcome days later', async () => {
    const clock = manualClock(start);
    const campaigns = createCampaignService({ db: db(), clock, templates, settings: campaignSettings({ businessName: 'Test Toptan' }) });
    const p = db().prisma;
    const started = await campaigns.start('arrivals', { text: 'Yeni sezon ürünleri geldi.', segments: ['A'] }, { actor: OWNER });
    expect(started.recipients).toBe(3);
    await campaigns.dispatchDue(clock.now());
    const reports = () => p.outboxMessage.findMany({ where: { idempotencyKey: { startsWith: 'campaign-report:' } }, orderBy: { id: 'asc' } });

    // queued but not yet sent: nothing to report
    await reportBroadcasts({ db: db(), clock, campaigns, ownerPhones: [OWNER] });
    expect(await reports()).toHaveLength(0);

    await p.outboxMessage.updateMany({ where: { idempotencyKey: { startsWith: 'campaign:' } }, data: { status: 'sent', sentAt: clock.now() } });
    await reportBroadcasts({ db: db(), clock, campaigns, ownerPhones: [OWNER] });
    await reportBroadcasts({ db: db(), clock, campaigns, ownerPhones: [OWNER] });
    let sent = await reports();
    expect(sent).toHaveLength(1);
    expect(sent[0].jid).toBe('905329990001@s.whatsapp.net');
    expect(sent[0].text).toMatch(/^Duyurunun gönderimi bitti\.\n📣 .*\nAlıcı: 3/);
    expect(sent[0].text).toMatch(/Gönderildi: 3/);

    clock.advance(3 * 86_400_000 + 60_000);
    await reportBroadcasts({ db: db(), clock, campaigns, ownerPhones: [OWNER] });
    await reportBroadcasts({ db: db(), clock, campaigns, ownerPhones: [OWNER] });
    sent = await reports();
    expect(sent).toHaveLength(2);
    expect(sent[1].text).toMatch(/^Duyurudan 3 gün sonra sonuçlar:/);
    expect(sent[1].text).toMatch(/Sipariş: 0/);
  });
});
