import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';

const FILE = 'admin-token';

/**
 * ADMIN_TOKEN when set; otherwise a generated token kept in the data folder, so the admin
 * API is never open without one and a CLI command on the same machine can find it.
 */
export function resolveAdminToken(configured: string | undefined, dataDir: string): { token: string; generated: boolean } {
  if (configured) return { token: configured, generated: false };
  const file = path.resolve(dataDir, FILE);
  try {
    const token = readFileSync(file, 'utf8').trim();
    if (token.length >= 12) return { token, generated: false };
  } catch {
    /* none yet */
  }
  const token = randomBytes(18).toString('base64url');
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, token + '\n', { mode: 0o600 });
  return { token, generated: true };
}

export function readStoredAdminToken(dataDir: string): string | undefined {
  try {
    return readFileSync(path.resolve(dataDir, FILE), 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}
