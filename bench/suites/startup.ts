// Start-up to a healthy /health and idle memory of the whole service, on the embedded database.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { freePort, startService, waitHealthy } from '../../tests/support/serviceProcess.ts';

async function rssMb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return Math.round(kb / 1024);
}

export default async function run(): Promise<void> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'kolibot-bench-'));
  const env = { DATA_DIR: dataDir, ADMIN_TOKEN: 'bench-admin-token-123', LOG_LEVEL: 'warn' };
  try {
    const port = await freePort();
    const first = startService(env, port);
    const firstMs = await waitHealthy(port, 120_000, first);
    await new Promise((r) => setTimeout(r, 3000));
    const firstRss = await rssMb(first.child.pid!);
    await first.stop();
    const rows: string[] = [];
    let worstMs = 0;
    let rss = 0;
    for (let i = 0; i < 3; i++) {
      const proc = startService(env, port);
      const ms = await waitHealthy(port, 60_000, proc);
      worstMs = Math.max(worstMs, ms);
      await new Promise((r) => setTimeout(r, 3000));
      rss = Math.max(rss, await rssMb(proc.child.pid!));
      rows.push(`${ms} ms`);
      await proc.stop();
    }
    console.log(`first start (creates the database):  ${firstMs} ms to healthy /health; RSS 3 s later ${firstRss} MB`);
    console.log(`restart, 3 runs:                     ${rows.join(', ')} (goal < 3000 ms)`);
    console.log(`idle RSS 3 s after start:            ${rss} MB (goal < 300 MB)`);
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
