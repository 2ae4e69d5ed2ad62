import { formatDayTr } from '../shared/dates.ts';
import type { CampaignProgress, CampaignService } from './campaignService.ts';
import type { SegmentLetter } from './types.ts';

export interface BroadcastCommand {
  segments: SegmentLetter[];
  text: string;
}

/**
 * "/duyuru A,B Yeni sezon ürünleri geldi…" → segments A and B, the text after them.
 * Without segments ("/duyuru Yeni sezon…") everyone (A first). Null when it is not a /duyuru command.
 */
export function parseBroadcastCommand(message: string): BroadcastCommand | null {
  const m = /^\s*\/duyuru\b\s*(.*)$/is.exec(message);
  if (!m) return null;
  const rest = m[1].trim();
  const seg = /^([abcABC](?:\s*,\s*[abcABC])*)(?:\s+|$)(.*)$/s.exec(rest);
  // A lone word like "Ayran…" must not be read as segment A: segments are single letters.
  if (seg && /^[abcABC](\s*,|\s|$)/.test(rest)) {
    const segments = [...new Set(seg[1].split(',').map((x) => x.trim().toUpperCase() as SegmentLetter))].sort();
    return { segments, text: seg[2].trim() };
  }
  return { segments: ['A', 'B', 'C'], text: rest };
}

/** The owner's WhatsApp report of a broadcast. */
export function progressText(p: CampaignProgress): string {
  const pct = (n: number) => (p.sent ? ` (%${Math.round((n * 100) / p.sent)})` : '');
  const waiting = p.pending + p.queued;
  const lines = [
    `📣 ${p.name} — ${statusTr(p.status)}`,
    `Alıcı: ${p.total}${waiting ? `, sırada: ${waiting}` : ''}${p.skipped ? `, atlanan (izin yok/ret): ${p.skipped}` : ''}${p.failed ? `, gönderilemeyen: ${p.failed}` : ''}`,
    `Gönderildi: ${p.sent} · İletildi: ${p.delivered}${pct(p.delivered)} · Okundu: ${p.read}${pct(p.read)}`,
    `Yanıt: ${p.replied}${pct(p.replied)} · Sipariş: ${p.ordered}${pct(p.ordered)}`,
  ];
  const segs = Object.entries(p.bySegment).sort(([a], [b]) => a.localeCompare(b));
  if (segs.length > 1) lines.push(segs.map(([k, v]) => `${k}: ${v.sent}/${v.total} gönderildi, ${v.ordered} sipariş`).join(' · '));
  return lines.join('\n');
}

function statusTr(s: string): string {
  return ({ planned: 'planlandı', running: 'gönderiliyor', done: 'tamamlandı', cancelled: 'iptal edildi', paused: 'duraklatıldı' } as Record<string, string>)[s] ?? s;
}

/**
 * Handles an owner's "/duyuru …" message: starts the new-arrivals broadcast, or with
 * "/duyuru durum" reports the last one. Returns the reply, or null for other messages.
 */
export async function handleOwnerBroadcast(message: string, campaigns: CampaignService, actor: string): Promise<string | null> {
  if (/^\s*\/duyuru\s+(durum|rapor|sonuç|sonuc)\s*$/i.test(message)) {
    const last = await campaigns.lastCampaign('arrivals');
    return last ? progressText(await campaigns.progress(last.id)) : 'Henüz bir duyuru yapılmadı.';
  }
  const cmd = parseBroadcastCommand(message);
  if (!cmd) return null;
  if (!cmd.text) return 'Duyuru metni boş. Örnek: /duyuru A,B Yeni sezon ürünleri geldi, listeyi görmek ister misiniz?';
  const started = await campaigns.start('arrivals', { text: cmd.text, segments: cmd.segments }, { actor });
  if (!started.campaignId) return 'Bu duyuruyu alabilecek (izin vermiş) müşteri bulunamadı.';
  const p = await campaigns.progress(started.campaignId);
  const seg = Object.entries(p.bySegment)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}: ${v.total}`)
    .join(', ');
  return `Duyuru planlandı (#${started.campaignId}), ${p.total} alıcı${seg ? ` — ${seg}` : ''}. A müşterileri önce alır, B ve C sonra; mesajlar mesai saatlerinde, aralıklarla gider. Durum için: /duyuru durum`;
}

export const todayTr = (d: Date) => formatDayTr(d);
