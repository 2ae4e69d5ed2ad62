import { readFileSync } from 'node:fs';
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createServer } from 'node:net';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** Exactly what `npm start` runs (its node flags matter: they shape memory and speed). */
const START_ARGS: string[] = (JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')).scripts.start as string).split(/\s+/).slice(1);

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

export interface ServiceProcess {
  child: ChildProcess;
  port: number | string;
  output: () => string;
  /** Resolves with the exit code. */
  exited: Promise<number | null>;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Starts `src/main.ts` as `npm start` does, with the given environment. */
export function startService(env: Record<string, string>, port: number | string): ServiceProcess {
  const child = spawn(process.execPath, START_ARGS, {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'info', WHATSAPP_ENABLED: 'false', ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    child,
    port,
    output: () => out,
    exited,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** Polls /health until it answers 200; returns the milliseconds it took. */
export async function waitHealthy(port: number, timeoutMs = 30_000, proc?: ServiceProcess): Promise<number> {
  const t0 = Date.now();
  while (Date.now() - t0 < timeoutMs) {
    if (proc && proc.child.exitCode !== null) throw new Error(`service exited early:\n${proc.output()}`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/health`);
      if (res.status === 200) return Date.now() - t0;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no healthy /health within ${timeoutMs} ms${proc ? `:\n${proc.output()}` : ''}`);
}
