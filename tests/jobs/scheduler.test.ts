import { expect, it } from 'vitest';
import { describeEachDatabase } from '../support/databases.ts';
import { createRunCoordinator } from '../../src/jobs/coordinator.ts';
import { createScheduler, lastSlotAtOrBefore, type JobDefinition } from '../../src/jobs/schedule.ts';
import { sameDayUntil } from '../../src/jobs/jobs.ts';
import { manualClock } from '../../src/shared/clock.ts';

const HOUR = 3_600_000;

/** Jobs with Kolibot's times that only count their runs. */
function countingJobs() {
  const runs: Record<string, string[]> = {};
  const job = (name: string, cron: string, catchUp: JobDefinition['catchUp'], extra: Partial<JobDefinition> = {}): JobDefinition => ({
    name,
    cron,
    catchUp,
    run: async (slot) => {
      await new Promise((r) => setTimeout(r, 20)); // long enough for a competitor to try
      (runs[name] ??= []).push(slot.toISOString());
      return { ok: true };
    },
    ...extra,
  });
  const jobs = [
    job('segments-nightly', '0 2 * * *', 24 * HOUR),
    job('greetings-morning', '30 9 * * *', sameDayUntil(18)),
    job('at-risk-weekly', '30 8 * * 1', 2 * 24 * HOUR),
    job('campaign-dispatch', '* * * * *', 0, { keepRunsMs: 24 * HOUR }),
  ];
  return { jobs, runs };
}

describeEachDatabase('run coordinator and schedules', (db, kind) => {
  it('lets exactly one of many instances claim a slot, even all at once', async () => {
    const slot = '2026-03-20T06:30:00.000Z';
    const coordinators = Array.from({ length: 8 }, () => createRunCoordinator({ db: db() }));
    const wins = await Promise.all(coordinators.map((c, i) => c.claimSlot('race', slot, `instance-${i}`)));
    expect(wins.filter(Boolean)).toHaveLength(1);
    expect(await db().prisma.jobRun.count({ where: { job: 'race' } })).toBe(1);
  });

  it('two instances never both run the same slot', async () => {
    const clock = manualClock('2026-03-16T06:30:20Z'); // Monday 09:30 in Istanbul
    const a = countingJobs();
    const b = { jobs: a.jobs }; // the same work, shared counters
    const one = createScheduler({ db: db(), clock, jobs: a.jobs, instanceId: `${kind}-a` });
    const two = createScheduler({ db: db(), clock, jobs: b.jobs, instanceId: `${kind}-b` });
    const [r1, r2] = await Promise.all([one.runDue(), two.runDue()]);
    for (const name of ['greetings-morning', 'campaign-dispatch', 'at-risk-weekly', 'segments-nightly']) {
      expect(a.runs[name], name).toHaveLength(1);
    }
    const ran = [...r1, ...r2].filter((r) => r.ran).map((r) => r.job).sort();
    expect(ran).toEqual(['at-risk-weekly', 'campaign-dispatch', 'greetings-morning', 'segments-nightly']);
    // Running again changes nothing: each slot is in the ledger.
    await one.runDue();
    expect(a.runs['greetings-morning']).toHaveLength(1);
    const ledger = await one.coordinator.ledger({ job: 'greetings-morning' });
    expect(ledger).toMatchObject([{ slot: '2026-03-16T06:30:00.000Z', status: 'done', result: { ok: true } }]);
  });

  it('catches up a slot missed during downtime only while it still makes sense', async () => {
    await db().prisma.jobRun.deleteMany();
    const { jobs, runs } = countingJobs();
    // Down from Monday 07:00 until Wednesday 11:00 (Istanbul): Monday's risk list is not sent on Wednesday,
    // Wednesday's 09:30 greetings are sent late the same morning, last night's segments are computed.
    const clock = manualClock('2026-03-18T08:00:00Z');
    const results = await createScheduler({ db: db(), clock, jobs, instanceId: 'x' }).runDue();
    expect(runs['at-risk-weekly']).toBeUndefined();
    expect(runs['greetings-morning']).toEqual(['2026-03-18T06:30:00.000Z']);
    expect(runs['segments-nightly']).toEqual(['2026-03-17T23:00:00.000Z']);
    expect(results.find((r) => r.job === 'at-risk-weekly')).toBeUndefined();

    // Back at 19:00 after missing the 09:30 greetings: too late to greet; recorded as skipped, not run.
    await db().prisma.jobRun.deleteMany();
    const evening = manualClock('2026-03-18T16:00:00Z');
    const out = await createScheduler({ db: db(), clock: evening, jobs, instanceId: 'x' }).runDue();
    expect(out.find((r) => r.job === 'greetings-morning')?.status).toBe('skipped');
    expect(runs['greetings-morning']).toHaveLength(1);
    expect(await db().prisma.jobRun.findFirst({ where: { job: 'greetings-morning' } })).toMatchObject({ status: 'skipped' });

    // Monday's list is still sent on Tuesday morning.
    await db().prisma.jobRun.deleteMany();
    await createScheduler({ db: db(), clock: manualClock('2026-03-17T07:00:00Z'), jobs, instanceId: 'x' }).runDue();
    expect(runs['at-risk-weekly']).toEqual(['2026-03-16T05:30:00.000Z']);
  });

  it('records a failed run with its error, and prunes the every-minute ledger', async () => {
    await db().prisma.jobRun.deleteMany();
    const failing: JobDefinition = { name: 'broken', cron: '0 2 * * *', catchUp: HOUR, run: async () => { throw new Error('veritabanı yok'); } };
    const s = createScheduler({ db: db(), clock: manualClock('2026-03-18T23:00:10Z'), jobs: [failing], instanceId: 'x' });
    const [r] = await s.runDue();
    expect(r).toMatchObject({ job: 'broken', ran: true, status: 'failed' });
    expect(await s.coordinator.ledger({ job: 'broken' })).toMatchObject([{ status: 'failed', error: 'Error: veritabanı yok' }]);

    const { jobs } = countingJobs();
    const dispatch = jobs.filter((j) => j.name === 'campaign-dispatch');
    const clock = manualClock('2026-03-18T10:00:00Z');
    const sched = createScheduler({ db: db(), clock, jobs: dispatch, instanceId: 'x' });
    await sched.runDue();
    clock.set('2026-03-19T10:05:00Z');
    await sched.runDue();
    expect((await sched.coordinator.ledger({ job: 'campaign-dispatch' })).map((x) => x.slot)).toEqual(['2026-03-19T10:05:00.000Z']);
  });

  it('takes over a slot whose instance died mid-run, after the lease', async () => {
    const clock = manualClock('2026-03-18T10:00:00Z');
    const c = createRunCoordinator({ db: db(), clock, leaseMs: 30 * 60_000 });
    expect(await c.claimSlot('lease', 's1', 'dead')).toBe(true);
    clock.advance(10 * 60_000);
    expect(await c.claimSlot('lease', 's1', 'alive')).toBe(false);
    clock.advance(25 * 60_000);
    expect(await c.claimSlot('lease', 's1', 'alive')).toBe(true);
    await c.finish('lease', 's1', { n: 1 });
    expect(await c.claimSlot('lease', 's1', 'third')).toBe(false);
  });

  it('starts node-cron schedules in Istanbul time and stops them', async () => {
    await db().prisma.jobRun.deleteMany();
    const { jobs } = countingJobs();
    const s = createScheduler({ db: db(), clock: manualClock(new Date()), jobs, instanceId: 'cron' });
    await s.start();
    // The current minute runs at once (a cron tick right after may add the next one).
    const n = await db().prisma.jobRun.count({ where: { job: 'campaign-dispatch' } });
    expect(n).toBeGreaterThanOrEqual(1);
    expect(n).toBeLessThanOrEqual(2);
    await s.stop();
  });
});

it('finds slots in Istanbul time', () => {
  expect(lastSlotAtOrBefore('30 9 * * *', new Date('2026-03-20T07:00:00Z'), 24 * HOUR)?.toISOString()).toBe('2026-03-20T06:30:00.000Z');
  expect(lastSlotAtOrBefore('0 10 * * 2', new Date('2026-03-17T07:00:00Z'), 24 * HOUR)?.toISOString()).toBe('2026-03-17T07:00:00.000Z');
  expect(lastSlotAtOrBefore('30 8 * * 1', new Date('2026-03-18T07:00:00Z'), 2 * 24 * HOUR)).toBeNull();
});
