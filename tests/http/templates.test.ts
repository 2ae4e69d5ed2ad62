// Owners edit templates in their own folder (TEMPLATES_DIR) and reload them without a restart.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { startKolibot, type Kolibot } from '../../src/app/kolibot.ts';
import { FIXTURES_DIR as FIXTURES } from '../support/fixtures.ts';

const TOKEN = 'templates-test-token-1234';

describe('owner templates (TEMPLATES_DIR, POST /api/templates/reload)', () => {
  let k: Kolibot;
  let dir: string;
  let own: string;
  const auth = { authorization: `Bearer ${TOKEN}` };
  const greet = async () => {
    const res = await k.app.inject({ method: 'POST', url: '/api/simulator/messages', headers: auth, payload: { phone: '+905321110001', text: 'Merhaba kolay gelsin' } });
    expect(res.statusCode, res.body).toBe(200);
    return res.json().replies as string[];
  };
  const reload = () => k.app.inject({ method: 'POST', url: '/api/templates/reload', headers: auth });

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'kolibot-tpl-'));
    own = path.join(dir, 'my-templates');
    await mkdir(path.join(own, 'replies'), { recursive: true });
    await writeFile(path.join(own, 'replies', 'greeting.liquid'), 'Selam {{ title }}, buyurun.');
    const config = loadConfig({ DATA_DIR: path.join(dir, 'data'), ADMIN_TOKEN: TOKEN, WHATSAPP_ENABLED: 'false', TEMPLATES_DIR: own });
    k = await startKolibot({ config, log: pino({ level: 'silent' }), listen: false, schedules: false });
    const csv = await readFile(path.join(FIXTURES, 'customers.csv'), 'utf8');
    const res = await k.app.inject({ method: 'POST', url: '/api/imports/customers', headers: { ...auth, 'content-type': 'text/csv' }, payload: csv });
    expect(res.statusCode, res.body).toBe(200);
  }, 120_000);

  afterAll(async () => {
    await k?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("uses the owner's file over the built-in one, and the built-in ones for the rest", async () => {
    expect(await greet()).toEqual(['Selam Ahmet Bey, buyurun.']);
    const other = await k.app.inject({ method: 'POST', url: '/api/simulator/messages', headers: auth, payload: { phone: '+905321110001', text: 'teşekkürler' } });
    expect(other.json().replies[0]).not.toContain('Selam');
  });

  it('takes an edited file on reload; a broken one is named and the ones in use stay', async () => {
    await writeFile(path.join(own, 'replies', 'greeting.liquid'), 'İyi günler {{ title }}!');
    const ok = await reload();
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().reloaded.replies).toBeGreaterThan(30);
    expect(await greet()).toEqual(['İyi günler Ahmet Bey!']);

    await writeFile(path.join(own, 'replies', 'greeting.liquid'), 'İyi günler {{ title | nosuchfilter }}');
    const bad = await reload();
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toMatch(/eskileri kullanılıyor.*replies\/greeting\.liquid/);
    expect(await greet()).toEqual(['İyi günler Ahmet Bey!']);
  });

  it('refuses to start with a templates folder that does not exist, naming the setting', () => {
    expect(() => loadConfig({ TEMPLATES_DIR: path.join(dir, 'nope') })).toThrow(/TEMPLATES_DIR/);
  });
});
