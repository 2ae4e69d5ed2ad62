import type { Database } from '../db/database.ts';

// Each scheduled slot runs once across restarts and instances: claiming a slot inserts a
// JobRun row, and the unique (job, slot) key lets exactly one insert win. The rows are the
// run ledger (who ran what, when, with which result).

export interface JobRunRecord {
  job: string;
  slot: string;
  instance: string;
  status: string;
  startedAt: Date;
  finishedAt: Date | null;
  result: unknown;
  error: string | null;
}

export interface RunCoordinator {
  /** True when this instance won the slot and must run it. */
  claimSlot(job: string, slotIso: string, instanceId: string): Promise<boolean>;
  finish(job: string, slotIso: string, result?: unknown): Promise<void>;
  fail(job: string, slotIso: string, error: unknown): Promise<void>;
  /** Record a slot deliberately not run (too late to catch up), so it is not tried again. */
  skip(job: string, slotIso: string, instanceId: string, why: string): Promise<void>;
  has(job: string, slotIso: string): Promise<boolean>;
  ledger(opts?: { job?: string; limit?: number }): Promise<JobRunRecord[]>;
  /** Forget runs of a job older than a slot (the every-minute dispatch would fill the table). */
  prune(job: string, beforeSlotIso: string): Promise<number>;
}

export function createRunCoordinator(deps: { db: Database; clock?: { now(): Date }; leaseMs?: number }): RunCoordinator {
  const prisma = deps.db.prisma;
  const now = () => (deps.clock ? deps.clock.now() : new Date());
  // A run still "running" after the lease belongs to an instance that died: another may take it over.
  const leaseMs = deps.leaseMs ?? 30 * 60_000;

  async function claimSlot(job: string, slotIso: string, instanceId: string): Promise<boolean> {
    const at = now().toISOString();
    const inserted = await prisma.$executeRawUnsafe(
      `INSERT INTO "JobRun" (job, slot, instance, status, "startedAt") VALUES ($1, $2, $3, 'running', $4::timestamp)
       ON CONFLICT (job, slot) DO NOTHING`,
      job,
      slotIso,
      instanceId,
      at,
    );
    if (inserted === 1) return true;
    const taken = await prisma.$executeRawUnsafe(
      `UPDATE "JobRun" SET instance = $3, "startedAt" = $4::timestamp, error = 'taken over after lease expired'
       WHERE job = $1 AND slot = $2 AND status = 'running' AND "startedAt" < $4::timestamp - make_interval(secs => $5::float8)`,
      job,
      slotIso,
      instanceId,
      at,
      leaseMs / 1000,
    );
    return taken === 1;
  }

  async function finish(job: string, slotIso: string, result?: unknown) {
    await prisma.jobRun.update({
      where: { job_slot: { job, slot: slotIso } },
      data: { status: 'done', finishedAt: now(), result: result === undefined ? undefined : JSON.parse(JSON.stringify(result)) },
    });
  }

  async function fail(job: string, slotIso: string, error: unknown) {
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    await prisma.jobRun.update({ where: { job_slot: { job, slot: slotIso } }, data: { status: 'failed', finishedAt: now(), error: message.slice(0, 2_000) } });
  }

  async function skip(job: string, slotIso: string, instanceId: string, why: string) {
    await prisma.$executeRawUnsafe(
      `INSERT INTO "JobRun" (job, slot, instance, status, "startedAt", "finishedAt", error) VALUES ($1, $2, $3, 'skipped', $4::timestamp, $4::timestamp, $5)
       ON CONFLICT (job, slot) DO NOTHING`,
      job,
      slotIso,
      instanceId,
      now().toISOString(),
      why,
    );
  }

  async function has(job: string, slotIso: string) {
    return (await prisma.jobRun.count({ where: { job, slot: slotIso } })) > 0;
  }

  async function ledger(opts: { job?: string; limit?: number } = {}) {
    return prisma.jobRun.findMany({
      where: opts.job ? { job: opts.job } : {},
      orderBy: [{ startedAt: 'desc' }, { id: 'desc' }],
      take: opts.limit ?? 100,
      select: { job: true, slot: true, instance: true, status: true, startedAt: true, finishedAt: true, result: true, error: true },
    });
  }

  async function prune(job: string, beforeSlotIso: string) {
    // Slots are ISO times in UTC, so text order is time order.
    return prisma.jobRun.deleteMany({ where: { job, slot: { lt: beforeSlotIso }, status: { in: ['done', 'skipped'] } } }).then((r) => r.count);
  }

  return { claimSlot, finish, fail, skip, has, ledger, prune };
}
