import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

/** `shared/fixtures/` beside the repository (as on CI: a fresh clone with shared/ next to it). */
export const FIXTURES_DIR = fileURLToPath(new URL('../../../shared/fixtures/', import.meta.url));

export function readFixture(name: string): Promise<string> {
  return readFile(`${FIXTURES_DIR}${name}`, 'utf8');
}
