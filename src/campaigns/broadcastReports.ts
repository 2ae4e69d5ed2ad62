import type { Database } from '../db/database.ts';
import { enqueueOutbox } from '../outbox/enqueue.ts';
import type { Clock } from '../shared/clock.ts';
import { normalizePhone, phoneToJid } from '../shared/phone.ts';
import type { CampaignService } from './campaignService.ts';
import { progressText } from './ownerCommands.ts';

const DAY_MS = 86_400_000;
/** How long after a broadcast its outcome (replies, orders) is reported once more. */
const OUTCOME_AFTER_DAYS = 3;

/**
 * The owner hears how a new-arrivals broadcast went without asking: once every message has
 * gone out, and again a few days later with the replies and orders it brought.
 * Each report is sent once (idempotency keys), however often this runs.
 */
export async function reportBroadcasts(deps: { db: Database; clock: Clock; campaigns: CampaignService; ownerPhones: string[] }): Promise<number> {
  const now = deps.clock.now();
  const recent = await deps.db.prisma.campaign.findMany({
    where: { kind: 'arrivals', startedAt: { gte: new Date(now.getTime() - (OUTCOME_AFTER_DAYS + 2) * DAY_MS) } },
    select: { id: true, createdBy: true, finishedAt: true },
  });
  let reports = 0;
  for (const c of recent) {
    const p = await deps.campaigns.progress(c.id);
    const creator = c.createdBy ? normalizePhone(c.createdBy) : null;
    const to = creator ? [creator] : deps.ownerPhones;
    const send = async (stage: string, heading: string) => {
      for (const phone of to) {
        await enqueueOutbox(deps.db.prisma, {
          key: `campaign-report:${c.id}:${stage}:${phone}`,
          jid: phoneToJid(phone),
          text: `${heading}\n${progressText(p)}`,
          kind: 'alert',
        });
      }
      reports++;
    };
    if (p.pending + p.queued === 0 && p.sent + p.failed > 0) await send('sent', 'Duyurunun gönderimi bitti.');
    if (c.finishedAt && now.getTime() - c.finishedAt.getTime() >= OUTCOME_AFTER_DAYS * DAY_MS) {
      await send('outcome', `Duyurudan ${OUTCOME_AFTER_DAYS} gün sonra sonuçlar:`);
    }
  }
  return reports;
}
