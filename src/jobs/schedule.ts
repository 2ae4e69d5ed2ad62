import cron, { type ScheduledTask } from 'node-cron';
import type { Database } from '../db/database.ts';
import type { Clock } from '../shared/clock.ts';
import { createRunCoordinator, type RunCoordinator } from './coordinator.ts';

export const JOB_TIME_ZONE = 'Europe/Istanbul';

export interface JobDefinition {
  name: string;
  /** node-cron expression, read in Europe/Istanbul. */
  cron: string;
  /**
   * How late a slot missed during downtime may still run: milliseconds after the slot, or a
   * rule (a holiday greeting only the same day). 0: never caught up (the next slot will do).
   */
  catchUp: number | ((slot: Date, now: Date) => boolean);
  /** Keep this job's ledger rows only this long (for the every-minute dispatch). */
  keepRunsMs?: number;
  run(slot: Date): Promise<unknown>;
}

export interface JobLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface RunOutcome {
  job: string;
  slot: string;
  ran: boolean;
  status: 'done' | 'failed' | 'not-elected' | 'skipped' | 'already';
  result?: unknown;
}

export interface Scheduler {
  /** Catches up missed slots, then schedules every job with node-cron. */
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Runs, for each job, its latest slot up to `now` if nobody ran it and it is not too late. */
  runDue(now?: Date): Promise<RunOutcome[]>;
  /** Claims and runs one slot (false `ran` when another instance has it). */
  runSlot(job: JobDefinition, slot: Date): Promise<RunOutcome>;
  coordinator: RunCoordinator;
}

const MINUTE = 60_000;
const DAY = 24 * 3_600_000;

/** A matcher per cron expression, in Istanbul time (node-cron's own, so cron and catch-up agree). */
const matchers = new Map<string, ScheduledTask>();
function matcher(expr: string): ScheduledTask {
  let m = matchers.get(expr);
  if (!m) {
    m = cron.createTask(expr, () => {}, { timezone: JOB_TIME_ZONE });
    matchers.set(expr, m);
  }
  return m;
}

/** The latest minute at or before `now` (and not before now − lookback) that the expression matches. */
export function lastSlotAtOrBefore(expr: string, now: Date, lookbackMs: number): Date | null {
  const m = matcher(expr);
  const start = Math.floor(now.getTime() / MINUTE) * MINUTE;
  for (let t = start; t >= now.getTime() - lookbackMs; t -= MINUTE) {
    const d = new Date(t);
    if (m.match(d)) return d;
  }
  return null;
}

function lookbackOf(job: JobDefinition): number {
  return typeof job.catchUp === 'number' ? Math.max(job.catchUp, MINUTE) : DAY;
}

export function createScheduler(deps: {
  db: Database;
  clock: Clock;
  jobs: JobDefinition[];
  instanceId: string;
  log?: JobLogger;
  coordinator?: RunCoordinator;
}): Scheduler {
  const { clock, jobs, instanceId } = deps;
  const log = deps.log ?? { info() {}, warn() {}, error() {} };
  const coordinator = deps.coordinator ?? createRunCoordinator({ db: deps.db, clock });
  const tasks: ScheduledTask[] = [];

  async function execute(job: JobDefinition, slot: Date): Promise<RunOutcome> {
    const slotIso = slot.toISOString();
    try {
      const result = await job.run(slot);
      await coordinator.finish(job.name, slotIso, result ?? null);
      if (job.keepRunsMs) await coordinator.prune(job.name, new Date(slot.getTime() - job.keepRunsMs).toISOString());
      log.info({ job: job.name, slot: slotIso, result }, 'job done');
      return { job: job.name, slot: slotIso, ran: true, status: 'done', result };
    } catch (err) {
      log.error({ job: job.name, slot: slotIso, err }, 'job failed');
      await coordinator.fail(job.name, slotIso, err).catch(() => {});
      return { job: job.name, slot: slotIso, ran: true, status: 'failed' };
    }
  }

  // Shutdown waits for runs in flight, and no new run starts once it has begun.
  let stopped = false;
  const inflight = new Set<Promise<unknown>>();
  function track<T>(p: Promise<T>): Promise<T> {
    inflight.add(p);
    void p.finally(() => inflight.delete(p)).catch(() => {});
    return p;
  }

  async function runSlot(job: JobDefinition, slot: Date): Promise<RunOutcome> {
    const slotIso = slot.toISOString();
    if (stopped) return { job: job.name, slot: slotIso, ran: false, status: 'skipped' };
    if (!(await coordinator.claimSlot(job.name, slotIso, instanceId))) return { job: job.name, slot: slotIso, ran: false, status: 'not-elected' };
    return track(execute(job, slot));
  }

  async function runDue(now: Date = clock.now()): Promise<RunOutcome[]> {
    const out: RunOutcome[] = [];
    for (const job of jobs) {
      if (stopped) break;
      const slot = lastSlotAtOrBefore(job.cron, now, lookbackOf(job));
      if (!slot) continue;
      const slotIso = slot.toISOString();
      if (await coordinator.has(job.name, slotIso)) {
        out.push({ job: job.name, slot: slotIso, ran: false, status: 'already' });
        continue;
      }
      const late = now.getTime() - slot.getTime();
      const onTime = late < MINUTE;
      const inWindow = typeof job.catchUp === 'number' ? late <= job.catchUp : job.catchUp(slot, now);
      if (!onTime && !inWindow) {
        await coordinator.skip(job.name, slotIso, instanceId, 'missed while down; too late to catch up');
        log.warn({ job: job.name, slot: slotIso }, 'missed slot not caught up (too late)');
        out.push({ job: job.name, slot: slotIso, ran: false, status: 'skipped' });
        continue;
      }
      if (!onTime) log.info({ job: job.name, slot: slotIso }, 'catching up a missed slot');
      out.push(await runSlot(job, slot));
    }
    return out;
  }

  async function start() {
    await track(runDue(clock.now()));
    if (stopped) return;
    for (const job of jobs) {
      const task = cron.schedule(job.cron, (ctx) => (stopped ? undefined : track(execute(job, ctx.date)).then(() => undefined)), {
        name: job.name,
        timezone: JOB_TIME_ZONE,
        noOverlap: true,
        distributed: true,
        // node-cron asks before each run; the database decides (key = "<name>:<slot ISO>").
        runCoordinator: { shouldRun: (key: string) => coordinator.claimSlot(job.name, key.slice(job.name.length + 1), instanceId) },
      });
      tasks.push(task);
    }
  }

  async function stop() {
    stopped = true;
    for (const t of tasks.splice(0)) await t.destroy();
    await Promise.allSettled([...inflight]);
  }

  return { start, stop, runDue, runSlot, coordinator };
}
