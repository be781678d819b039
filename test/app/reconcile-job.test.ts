import { describe, expect, it } from 'vitest';
import type { JobRecord } from '../../src/app/control-ports.js';
import { runReconcileJob, startReconcileJob, type StartReconcileDeps } from '../../src/app/reconcile-job.js';
import { acquireLease } from '../../src/app/reconcile-lease.js';
import type { ReconcileRunReport } from '../../src/app/reconcile-report.js';
import { aPerson, reconcileWorld } from './reconcile-fixture.js';

function setup() {
  const world = reconcileWorld();
  const deps: StartReconcileDeps = { ...world.deps, jobs: world.state.jobs };
  const finished = async (id: string): Promise<JobRecord> => {
    for (let i = 0; i < 200; i += 1) {
      const job = (await world.state.jobs.get(id))?.value;
      if (job?.status === 'succeeded' || job?.status === 'failed') return job;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    throw new Error(`job ${id} did not finish`);
  };
  return { world, deps, finished };
}

describe('startReconcileJob', () => {
  it('answers with a job at once and records the run report as its result', async () => {
    const { world, deps, finished } = setup();
    await world.sourceRead();
    await world.mirror(aPerson());

    const outcome = await startReconcileJob({ syncId: world.sync.id }, 'admin-api:test', deps);
    if (outcome.kind !== 'started') throw new Error(`expected a started job, got ${outcome.kind}`);
    expect(outcome.job).toMatchObject({ kind: 'reconcile', scope: { syncId: world.sync.id } });
    const job = await finished(outcome.job.id);
    expect(job.status).toBe('succeeded');
    const report = job.result as ReconcileRunReport;
    expect(report.syncs).toMatchObject([{ syncId: world.sync.id, status: 'done', counts: { created: 1 } }]);
    expect(job.progress).toMatchObject({ done: 2, total: 2 });
  });

  it('refuses with the running job id while another run holds the sync, and stores no job', async () => {
    const { world, deps } = setup();
    await acquireLease(`sync:${world.sync.id}`, 'job-running', { store: world.leases, clock: world.clock });

    const outcome = await startReconcileJob({}, 'admin-api:test', deps);
    expect(outcome).toEqual({ kind: 'busy', syncId: world.sync.id, runningJobId: 'job-running' });
    expect(await world.state.jobs.list({ limit: 10 })).toEqual([]);
  });

  it('holds the sync from the moment it answers, so a second request is refused with the first job id', async () => {
    const { world, deps } = setup();
    await world.sourceRead();
    const first = await startReconcileJob({ syncId: world.sync.id }, 'admin-api:one', deps);
    const second = await startReconcileJob({}, 'admin-api:two', deps);
    if (first.kind !== 'started') throw new Error('expected the first job to start');
    expect(second).toEqual({ kind: 'busy', syncId: world.sync.id, runningJobId: first.job.id });
  });

  it('gives the claimed syncs back when the run fails before reaching them', async () => {
    const { world, deps, finished } = setup();
    const current = world.deps.topology.current.bind(world.deps.topology);
    let calls = 0;
    const failing: StartReconcileDeps = {
      ...deps,
      topology: {
        invalidate: () => undefined,
        current: () => {
          calls += 1;
          return calls === 1 ? current() : Promise.reject(new Error('topology unreadable'));
        },
      },
    };
    const outcome = await startReconcileJob({}, 'admin-api:test', failing);
    if (outcome.kind !== 'started') throw new Error('expected a started job');
    expect(await finished(outcome.job.id)).toMatchObject({ status: 'failed', error: { code: 'UNEXPECTED' } });
    await new Promise((resolve) => setTimeout(resolve, 10));
    const next = await acquireLease(`sync:${world.sync.id}`, 'job-2', {
      store: world.leases,
      clock: world.clock,
    });
    expect(next.kind).toBe('acquired');
  });

  it('keeps the claim of a sync alive with the job heartbeat until the run reaches it', async () => {
    const { world, deps, finished } = setup();
    await world.sourceRead();
    // The run is held up in the source upkeep, before it reaches the sync.
    let resume: () => void = () => undefined;
    const upkeep = new Promise<void>((resolve) => {
      resume = resolve;
    });
    const slow: StartReconcileDeps = {
      ...deps,
      jobStaleAfterMs: 30,
      gateway: { ...deps.gateway, list: async (tenantId) => upkeep.then(() => deps.gateway.list(tenantId)) },
    };
    const outcome = await startReconcileJob({ syncId: world.sync.id }, 'admin-api:test', slow);
    if (outcome.kind !== 'started') throw new Error('expected a started job');
    world.clock.advance(9 * 60_000);
    await expect
      .poll(async () => Date.parse((await world.leases.get(`sync:${world.sync.id}`))?.value.expiresAt ?? ''))
      .toBeGreaterThanOrEqual(world.clock.now().getTime() + 9 * 60_000);

    resume();
    const job = await finished(outcome.job.id);
    expect((job.result as ReconcileRunReport).syncs).toMatchObject([
      { syncId: world.sync.id, status: 'done' },
    ]);
  });

  it('records the run with totals over every sync', async () => {
    const { world, deps, finished } = setup();
    await world.sourceRead();
    await world.mirror(aPerson());
    const outcome = await startReconcileJob({}, 'admin-api:test', deps);
    if (outcome.kind !== 'started') throw new Error('expected a started job');
    const job = await finished(outcome.job.id);
    expect(job.result).toMatchObject({
      totals: { syncs: { done: 1, skipped: 0, failed: 0 }, counts: { created: 1 } },
      omittedSyncs: 0,
    });
  });

  it('says which sync it does not know, and when no topology was applied', async () => {
    const { world, deps } = setup();
    expect(await startReconcileJob({ syncId: 'nope' }, 'admin-api:test', deps)).toEqual({
      kind: 'unknown-sync',
      syncId: 'nope',
    });
    const empty: StartReconcileDeps = {
      ...deps,
      topology: { current: () => Promise.resolve(null), invalidate: () => undefined },
    };
    expect(await startReconcileJob({}, 'admin-api:test', empty)).toEqual({ kind: 'no-topology' });
    expect(world.queue.drains).toEqual([]);
  });
});

describe('runReconcileJob', () => {
  it('runs every sync in the foreground and records the run as a finished job', async () => {
    const { world, deps } = setup();
    await world.sourceRead();
    const job = await runReconcileJob('timer:invocation-1', deps);
    expect(job).toMatchObject({ kind: 'reconcile', status: 'succeeded', requestedBy: 'timer:invocation-1' });
    expect((job.result as ReconcileRunReport).syncs).toMatchObject([
      { syncId: world.sync.id, status: 'done' },
    ]);
    expect((await world.state.jobs.get(job.id))?.value.status).toBe('succeeded');
  });
});
