import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.ts';

describe('settings', () => {
  it('has safe defaults for everything', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      PORT: 3000,
      DATA_DIR: './data',
      TZ_NAME: 'Europe/Istanbul',
      RESPONSE_STANDARD_MINUTES: 30,
      BUSINESS_HOURS_START: '09:00',
      BUSINESS_HOURS_END: '20:00',
      OWNER_PHONES: [],
      DELIVERY_WEEKDAYS: [1, 2, 3, 4, 5],
    });
    expect(c.DATABASE_URL).toBeUndefined();
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['DATABASE_URL', 'mysql://x'],
    ['ADMIN_TOKEN', 'short'],
    ['OWNER_PHONES', '+905321110001,12'],
    ['TZ_NAME', 'Mars/Olympus'],
    ['BUSINESS_HOURS_START', '9'],
    ['DELIVERY_WEEKDAYS', '1,2,9'],
    ['WHATSAPP_WS_URL', 'not a url'],
    ['LOG_LEVEL', 'loud'],
    ['WHATSAPP_PAIRING_PHONE', '123'],
  ])('a bad %s (%s) is refused with a message naming it', (name, value) => {
    let err: unknown;
    try {
      loadConfig({ [name]: value });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const message = (err as Error).message;
    expect(message.split('\n')).toHaveLength(1);
    expect(message).toContain(name);
  });

  it('normalises owner phone numbers to E.164', () => {
    expect(loadConfig({ OWNER_PHONES: '0532 999 88 77, +90 532 111 00 01' }).OWNER_PHONES).toEqual(['+905329998877', '+905321110001']);
  });
});
