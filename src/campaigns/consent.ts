import type { CampaignSettings } from './settings.ts';

export interface ConsentFacts {
  customerType: string; // tacir | bireysel
  commercialConsent: boolean;
  optedOutAt: Date | null;
  isBlocked: boolean;
}

/**
 * May this customer receive a commercial message (new arrivals, holidays, personal days,
 * win-back, suggestions)? Only a known customer type, never blocked, never after an
 * opt-out, and with recorded consent (merchants without it only if the owner allows).
 */
export function mayReceiveCommercial(c: ConsentFacts, settings?: Pick<CampaignSettings, 'tacirWithoutConsent'>): boolean {
  if (c.isBlocked || c.optedOutAt) return false;
  if (c.customerType !== 'tacir' && c.customerType !== 'bireysel') return false;
  if (c.commercialConsent) return true;
  return c.customerType === 'tacir' && (settings?.tacirWithoutConsent ?? false);
}

/** Transactional messages (orders, deliveries, debts, complaint follow-ups) always go — except to a blocked number. */
export function mayReceiveTransactional(c: Pick<ConsentFacts, 'isBlocked'>): boolean {
  return !c.isBlocked;
}

export function mayReceive(c: ConsentFacts, commercial: boolean, settings?: Pick<CampaignSettings, 'tacirWithoutConsent'>): boolean {
  return commercial ? mayReceiveCommercial(c, settings) : mayReceiveTransactional(c);
}
