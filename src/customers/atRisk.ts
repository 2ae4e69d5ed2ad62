import { formatDayTr } from '../shared/dates.ts';
import { formatTL } from '../shared/money.ts';
import type { CustomerStanding } from './segmentService.ts';

/**
 * The owner's weekly WhatsApp summary of customers at risk, each with the reason.
 * A long list is cut (WhatsApp messages should stay readable); the API has all of it.
 */
export function atRiskSummaryText(list: CustomerStanding[], at: Date, maxLines = 25): string {
  if (list.length === 0) return `Risk listesi (${formatDayTr(at)}): bu hafta risk altında müşteri yok. 👍`;
  const lines = list.slice(0, maxLines).map((c, i) => {
    const who = c.title ?? c.name;
    const money = c.monthlyKurus > 0 ? `, aylık ${formatTL(c.monthlyKurus)}` : '';
    return `${i + 1}. ${who} (${c.segment}${money}) — ${c.churnReasons.map((r) => r.text).join('; ')}`;
  });
  const more = list.length > maxLines ? `\n… ve ${list.length - maxLines} müşteri daha (tam liste: yönetim sayfası).` : '';
  return `Risk listesi (${formatDayTr(at)}): ${list.length} müşteri ilgi bekliyor.\n${lines.join('\n')}${more}\nKişisel bir arama çoğu zaman geri kazandırır.`;
}
