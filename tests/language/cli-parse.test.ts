import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../src/cli/commands/parse.ts';
import { FIXTURES } from './devset.ts';

const catalog = fileURLToPath(new URL('catalog.csv', FIXTURES));

async function run(args: string[], input: string) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d) => (out += d));
  stderr.on('data', (d) => (err += d));
  const code = await parseCommand(args, { stdin: Readable.from([input]), stdout, stderr });
  return { code, out: out.split('\n').filter(Boolean).map((l) => JSON.parse(l)), err };
}

describe('kolibot parse', () => {
  it('answers one JSON line per input line, in the contract shape', async () => {
    const input = [
      JSON.stringify({ id: 'a', text: '10 koli Yudum 5 litre yağ' }),
      JSON.stringify({ id: 'b', text: '10 koli ayçiçek yağı 5 lt' }),
      JSON.stringify({ id: 'c', text: 'Yudum 5 litre var mı?' }),
      JSON.stringify({ id: 'd', text: 'DUR' }),
    ].join('\n');
    const { code, out, err } = await run(['--catalog', catalog], input);
    expect(code).toBe(0);
    expect(err).toBe('');
    expect(out).toEqual([
      { id: 'a', intent: 'order', lines: [{ sku: 'YAG-YUD-5L', quantity: 10, unit: 'koli' }] },
      { id: 'b', intent: 'order', lines: [{ sku: null, quantity: 10, unit: 'koli', candidates: ['YAG-YUD-5L', 'YAG-KOM-5L'] }] },
      { id: 'c', intent: 'stock', lines: [{ sku: 'YAG-YUD-5L', quantity: null, unit: null }] },
      { id: 'd', intent: 'optout', lines: [] },
    ]);
  });

  it('turns a bad input line into an error line and goes on', async () => {
    const input = ['not json', '{"id":"x1","text":', '{"id":"x2"}', '[1,2]', '{"id":7,"text":42}', '', '{"id":"ok","text":"2 koli fairy"}'].join('\r\n');
    const { code, out } = await run(['--catalog', catalog], input);
    expect(code).toBe(0);
    expect(out).toHaveLength(6);
    expect(out[0]).toEqual({ error: expect.any(String) });
    expect(out[1]).toEqual({ id: 'x1', error: expect.any(String) });
    expect(out[2]).toEqual({ id: 'x2', error: expect.stringContaining('text') });
    expect(out[3]).toEqual({ error: expect.any(String) });
    expect(out[4]).toEqual({ id: 7, error: expect.any(String) });
    expect(out[5]).toEqual({ id: 'ok', intent: 'order', lines: [{ sku: 'DET-FAI-650', quantity: 2, unit: 'koli' }] });
  });

  it('accepts --catalog=FILE', async () => {
    const { code, out } = await run([`--catalog=${catalog}`], '{"id":"1","text":"merhaba"}\n');
    expect(code).toBe(0);
    expect(out).toEqual([{ id: '1', intent: 'greeting', lines: [] }]);
  });

  it('exits 2 with one clear line when the catalog is missing, unreadable or bad', async () => {
    const missing = await run([], '');
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/--catalog/);
    const absent = await run(['--catalog', '/nonexistent/catalog.csv'], '');
    expect(absent.code).toBe(2);
    expect(absent.err).toMatch(/cannot read \/nonexistent\/catalog.csv \(ENOENT\)/);
    expect(absent.err.trim().split('\n')).toHaveLength(1);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'kolibot-parse-'));
    const bad = path.join(dir, 'bad.csv');
    writeFileSync(bad, 'sku,name\n,nameless\n');
    const badRun = await run(['--catalog', bad], '');
    expect(badRun.code).toBe(2);
    expect(badRun.err).toMatch(/bad catalog .*line 2/);
    expect(badRun.err.trim().split('\n')).toHaveLength(1);
  });

  it('streams: answers a line before the input ends', async () => {
    const stdin = new PassThrough();
    const stdout = new PassThrough();
    const done = parseCommand(['--catalog', catalog], { stdin, stdout, stderr: new PassThrough() });
    const first = new Promise<string>((resolve) => stdout.once('data', (d) => resolve(String(d))));
    stdin.write('{"id":"s1","text":"3 koli kutu kola"}\n');
    expect(JSON.parse(await first)).toEqual({ id: 's1', intent: 'order', lines: [{ sku: 'ICE-KOL-330', quantity: 3, unit: 'koli' }] });
    stdin.end();
    expect(await done).toBe(0);
  });
});
