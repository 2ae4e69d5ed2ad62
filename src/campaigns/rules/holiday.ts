import { mayReceiveCommercial } from '../consent.ts';
import type { HolidayDay } from '../holidays.ts';
import type { CampaignSettings } from '../settings.ts';
import type { CampaignCustomer, PlannedMessage } from '../types.ts';

/** A holiday greeting to every consenting customer, the morning of the day (holidays are commercial). */
export function holidayRecipients(customers: CampaignCustomer[], holiday: HolidayDay | null, s: CampaignSettings): PlannedMessage[] {
  if (!holiday) return [];
  return customers
    .filter((c) => mayReceiveCommercial(c, s))
    .map((c) => ({ customer: c, template: 'holiday', vars: { holiday_name: holiday.name, holiday_key: holiday.key } }));
}
