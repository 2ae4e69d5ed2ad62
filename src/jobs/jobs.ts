import type { Database } from '../db/database.ts';
import type { CampaignService } from '../campaigns/campaignService.ts';
import { atRiskSummaryText } from '../customers/atRisk.ts';
import { reportBroadcasts } from '../campaigns/broadcastReports.ts';
import type { SegmentService } from '../customers/segmentService.ts';
import { enqueueOutbox } from '../outbox/enqueue.ts';
import type { Clock } from '../shared/clock.ts';
import { localDate, localTime } from '../shared/dates.ts';
import { phoneToJid } from '../shared/phone.ts';
import type { JobDefinition } from './schedule.ts';

const HOUR = 3_600_000;

/** Same Istanbul day and still before `untilHour` (a greeting sent in the evening is odd). */
export const sameDayUntil = (untilHour: number) => (slot: Date, now: Date) =>
  localDate(slot) === localDate(now) && localTime(now).hour < untilHour;

/** Kolibot's schedules (Europe/Istanbul). */
export function buildJobs(deps: {
  db: Database;
  clock: Clock;
  segments: SegmentService;
  campaigns: CampaignService;
  ownerPhones: string[];
}): JobDefinition[] {
  const { db, clock, segments, campaigns } = deps;
  const actor = 'system';
  return [
    {
      name: 'segments-nightly',
      cron: '0 2 * * *',
      catchUp: 24 * HOUR,
      run: async () => {
        const report = await segments.recomputeNightly();
        await campaigns.refreshOutcomes();
        return { customers: report.customers, changed: report.changed, bySegment: report.bySegment };
      },
    },
    {
      name: 'greetings-morning',
      cron: '30 9 * * *',
      catchUp: sameDayUntil(18),
      run: async (slot) => {
        const date = localDate(slot);
        const holiday = await campaigns.start('holiday', { date }, { actor });
        const personal = await campaigns.start('personal', { date }, { actor });
        return { holiday: holiday.recipients, personal: personal.recipients };
      },
    },
    {
      name: 'winback-weekly',
      cron: '0 10 * * 2',
      catchUp: sameDayUntil(18),
      run: async () => ({ recipients: (await campaigns.start('winback', {}, { actor })).recipients }),
    },
    {
      name: 'followups-daily',
      cron: '0 10 * * *',
      catchUp: sameDayUntil(18),
      run: async () => {
        const r = await campaigns.start('followup', {}, { actor });
        return Object.fromEntries(r.campaigns.map((c) => [c.kind, c.recipients]));
      },
    },
    {
      name: 'at-risk-weekly',
      cron: '30 8 * * 1',
      catchUp: 2 * 24 * HOUR,
      run: async (slot) => {
        const now = clock.now();
        const list = await segments.atRiskList(now);
        const text = atRiskSummaryText(list, now);
        for (const phone of deps.ownerPhones) {
          await enqueueOutbox(db.prisma, { key: `atrisk:${slot.toISOString()}:${phone}`, jid: phoneToJid(phone), text, kind: 'alert' });
        }
        return { atRisk: list.length, owners: deps.ownerPhones.length };
      },
    },
    {
      // "Geçen yıl bu dönemde 5 koli almıştınız — bu yıl ayırayım mı?": once a week, before the season's orders.
      name: 'suggestions-weekly',
      cron: '0 11 * * 3',
      catchUp: sameDayUntil(18),
      run: async () => ({ recipients: (await campaigns.start('suggestion', { mode: 'last-year' }, { actor })).recipients }),
    },
    {
      name: 'broadcast-reports',
      cron: '*/30 * * * *',
      catchUp: 0,
      keepRunsMs: 2 * 24 * HOUR,
      run: async () => ({ reports: await reportBroadcasts({ db, clock, campaigns, ownerPhones: deps.ownerPhones }) }),
    },
    {
      name: 'campaign-dispatch',
      cron: '* * * * *',
      catchUp: 0,
      keepRunsMs: 24 * HOUR,
      run: async () => campaigns.dispatchDue(clock.now()),
    },
  ];
}
