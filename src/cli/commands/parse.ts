/**
 * `kolibot parse --catalog FILE.csv`: JSON lines `{"id","text"}` on stdin, one
 * JSON line `{"id","intent","lines":[{"sku","quantity","unit","candidates"?}]}`
 * per input on stdout. A bad input line gets `{"id"?, "error"}`; the stream goes on.
 */
import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { readCatalogCsv } from '../../language/catalog.ts';
import { createParser, type Parser } from '../../language/index.ts';

export interface CommandIo {
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

const USAGE = 'usage: kolibot parse --catalog FILE.csv  (JSON lines {"id","text"} on stdin)';

function catalogArg(args: string[]): string | null {
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--catalog') return args[i + 1] ?? null;
    if (args[i].startsWith('--catalog=')) return args[i].slice('--catalog='.length) || null;
  }
  return null;
}

function answer(parser: Parser, line: string): Record<string, unknown> {
  let input: unknown;
  try {
    input = JSON.parse(line);
  } catch {
    const id = /"id"\s*:\s*("(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?)/.exec(line)?.[1];
    return { ...(id !== undefined ? { id: JSON.parse(id) } : {}), error: 'not valid JSON' };
  }
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return { error: 'expected a JSON object {"id","text"}' };
  const { id, text } = input as { id?: unknown; text?: unknown };
  const withId = id !== undefined ? { id } : {};
  if (typeof text !== 'string') return { ...withId, error: 'missing "text" (a string)' };
  try {
    const parsed = parser.parse(text);
    return {
      ...withId,
      intent: parsed.intent,
      lines: parsed.lines.map((l) => ({ sku: l.sku, quantity: l.quantity, unit: l.unit, ...(l.candidates ? { candidates: l.candidates } : {}) })),
    };
  } catch (err) {
    return { ...withId, error: `could not parse: ${(err as Error).message}` };
  }
}

export async function parseCommand(args: string[], io: CommandIo): Promise<number> {
  const path = catalogArg(args);
  if (!path) {
    io.stderr.write(`kolibot parse: --catalog FILE.csv is required\n${USAGE}\n`);
    return 2;
  }
  let parser: Parser;
  try {
    parser = createParser(readCatalogCsv(await readFile(path, 'utf8')));
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    const why = e.code ? `cannot read ${path} (${e.code})` : `bad catalog ${path}: ${e.message.replace(/\n\s*/g, '; ')}`;
    io.stderr.write(`kolibot parse: ${why}\n`);
    return 2;
  }
  const lines = createInterface({ input: io.stdin, crlfDelay: Infinity });
  for await (const line of lines) {
    if (!line.trim()) continue;
    if (!io.stdout.write(`${JSON.stringify(answer(parser, line))}\n`)) await once(io.stdout, 'drain');
  }
  return 0;
}
