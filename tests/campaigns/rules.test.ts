import { describe, expect, it } from 'vitest';
import { parseBroadcastCommand, progressText } from '../../src/campaigns/ownerCommands.ts';
import { fallsOn, personalRecipients } from '../../src/campaigns/rules/personal.ts';
import { dueSoonUnpaid, overdueKurus, type AccountFacts } from '../../src/campaigns/rules/reminders.ts';
import { mayReceiveCommercial, mayReceiveTransactional } from '../../src/campaigns/consent.ts';
import { campaignSettings } from '../../src/campaigns/settings.ts';
import type { CampaignCustomer } from '../../src/campaigns/types.ts';

const s = campaignSettings();
const customer = (id: number, over: Partial<CampaignCustomer> = {}): CampaignCustomer => ({
  id, phone: `+9053200000${id}`, jid: null, name: `Müşteri ${id}`, title: null, business: null, segment: 'A',
  customerType: 'tacir', commercialConsent: true, optedOutAt: null, isBlocked: false, ...over,
});

describe('consent', () => {
  it('allows commercial messages only with consent, a known customer type, no opt-out and no block', () => {
    expect(mayReceiveCommercial(customer(1))).toBe(true);
    expect(mayReceiveCommercial(customer(1, { customerType: 'bireysel' }))).toBe(true);
    expect(mayReceiveCommercial(customer(1, { commercialConsent: false }))).toBe(false);
    expect(mayReceiveCommercial(customer(1, { optedOutAt: new Date() }))).toBe(false);
    expect(mayReceiveCommercial(customer(1, { isBlocked: true }))).toBe(false);
    expect(mayReceiveCommercial(customer(1, { customerType: 'bilinmiyor' }))).toBe(false);
    // The owner may rely on the law for merchants; never for individuals, never after an opt-out.
    const lenient = campaignSettings({ tacirWithoutConsent: true });
    expect(mayReceiveCommercial(customer(1, { commercialConsent: false }), lenient)).toBe(true);
    expect(mayReceiveCommercial(customer(1, { commercialConsent: false, customerType: 'bireysel' }), lenient)).toBe(false);
    expect(mayReceiveCommercial(customer(1, { commercialConsent: false, optedOutAt: new Date() }), lenient)).toBe(false);
  });

  it('always allows transactional messages, opt-out or not', () => {
    expect(mayReceiveTransactional(customer(1, { commercialConsent: false, optedOutAt: new Date() }))).toBe(true);
  });
});

describe('personal days', () => {
  it('celebrates 29 February on the 28th in other years', () => {
    expect(fallsOn({ month: 2, day: 29 }, '2027-02-28')).toBe(true);
    expect(fallsOn({ month: 2, day: 29 }, '2028-02-28')).toBe(false);
    expect(fallsOn({ month: 2, day: 29 }, '2028-02-29')).toBe(true);
  });

  it('prefers the birthday when two days fall together, and skips the first order\'s own day', () => {
    const days = [
      { customerId: 1, kind: 'anniversary' as const, month: 3, day: 20, year: 2024 },
      { customerId: 1, kind: 'birthday' as const, month: 3, day: 20, year: 1980 },
      { customerId: 2, kind: 'anniversary' as const, month: 3, day: 20, year: 2026 },
    ];
    const out = personalRecipients([customer(1), customer(2)], days, '2026-03-20', s);
    expect(out.map((m) => [m.customer.id, m.template])).toEqual([[1, 'birthday']]);
  });
});

describe('open account (first in, first out)', () => {
  const acc = (over: Partial<AccountFacts>): AccountFacts => ({
    customerId: 1, creditLimitKurus: 0, balanceKurus: 0, notYetDueKurus: 0, dueSoonKurus: 0, dueSoonAt: null, oldestUnpaidDueAt: null, ...over,
  });
  it('counts as overdue only what payments have not covered of the sales already due', () => {
    expect(overdueKurus(acc({ balanceKurus: 10_000, notYetDueKurus: 4_000 }))).toBe(6_000);
    expect(overdueKurus(acc({ balanceKurus: 3_000, notYetDueKurus: 4_000 }))).toBe(0);
  });
  it('counts as due soon only the unpaid part of what falls due soon', () => {
    // Not yet due: 1.000 soon + 4.000 later; the customer owes 4.500 → 500 of the soon one is unpaid.
    expect(dueSoonUnpaid(acc({ balanceKurus: 4_500, notYetDueKurus: 5_000, dueSoonKurus: 1_000 }))).toBe(500);
    expect(dueSoonUnpaid(acc({ balanceKurus: 4_000, notYetDueKurus: 5_000, dueSoonKurus: 1_000 }))).toBe(0);
    expect(dueSoonUnpaid(acc({ balanceKurus: 9_000, notYetDueKurus: 5_000, dueSoonKurus: 1_000 }))).toBe(1_000);
  });
});

describe('owner broadcast command', () => {
  it('reads the segments and the text', () => {
    expect(parseBroadcastCommand('/duyuru A,B Yeni sezon ürünleri geldi…')).toEqual({ segments: ['A', 'B'], text: 'Yeni sezon ürünleri geldi…' });
    expect(parseBroadcastCommand('/duyuru b, a  Kış ürünleri')).toEqual({ segments: ['A', 'B'], text: 'Kış ürünleri' });
    expect(parseBroadcastCommand('/duyuru Ayran ve yoğurt geldi')).toEqual({ segments: ['A', 'B', 'C'], text: 'Ayran ve yoğurt geldi' });
    expect(parseBroadcastCommand('/duyuru C')).toEqual({ segments: ['C'], text: '' });
    expect(parseBroadcastCommand('duyuru A merhaba')).toBeNull();
  });

  it('reports progress in Turkish', () => {
    const text = progressText({
      campaignId: 3, kind: 'arrivals', name: 'Yeni ürünler 2026-03-20', status: 'running', total: 10, pending: 4, queued: 1, skipped: 1, failed: 0,
      sent: 4, delivered: 4, read: 2, replied: 1, ordered: 1, bySegment: { A: { total: 4, sent: 4, ordered: 1 }, B: { total: 6, sent: 0, ordered: 0 } },
    });
    expect(text).toBe(
      '📣 Yeni ürünler 2026-03-20 — gönderiliyor\nAlıcı: 10, sırada: 5, atlanan (izin yok/ret): 1\nGönderildi: 4 · İletildi: 4 (%100) · Okundu: 2 (%50)\nYanıt: 1 (%25) · Sipariş: 1 (%25)\nA: 4/4 gönderildi, 1 sipariş · B: 0/6 gönderildi, 0 sipariş',
    );
  });
});
