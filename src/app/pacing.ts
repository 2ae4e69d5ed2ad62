import type { Database } from '../db/database.ts';
import { createPacingStore, nextProactiveSlot, recordSent } from '../campaigns/pacing.ts';
import type { PacingSettings } from '../campaigns/settings.ts';
import type { PacingHook } from '../outbox/sender.ts';

/**
 * The outbox's pacing for proactive messages: one at a time per number, random gaps, a daily
 * cap with a ramp-up for a new number, business hours only, a pause after rate-overlimit.
 * Taking a slot and recording it happen in one transaction, so two senders cannot share a gap.
 */
export function createProactivePacing(db: Database, settings: PacingSettings): PacingHook {
  const store = createPacingStore(db);
  return async (_row, now) => {
    let wait: Date | null = null;
    await store.update((state) => {
      const slot = nextProactiveSlot(state, now, settings);
      if (slot.at.getTime() > now.getTime()) {
        wait = slot.at;
        return state;
      }
      return recordSent(state, now, settings);
    });
    return wait;
  };
}
