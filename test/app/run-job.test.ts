import { describe, expect, it } from 'vitest';
import type { JobRecord } from '../../src/app/control-ports.js';
import {
  createJob,
  listJobs,
  readJob,
  runJob,
  startJob,
  updateJob,
  type JobDeps,
} from '../../src/app/run-job.js';
import { SyncError } from '../../src/core/sync-errors.js';
import { createInMemoryState } from '../support/fakes/in-memory-state.js';
import { createTestClock, createTestLogger } from '../support/test-logger.js';

function setup() {
  const clock = createTestClock();
  const state = createInMemoryState({ clock });
  const logs = createTestLogger();
  const deps: JobDeps = { jobs: state.jobs, clock, logger: logs.logger, staleAfterMs: 60_000 };
  return { clock, state, logs, deps };
}

const newJob = { kind: 'resync', scope: { syncId: 'contoso-to-fabrikam' }, requestedBy: 'test' } as const;

describe('createJob', () => {
  it('stores a queued job with a fresh id', async () => {
    const { deps, state } = setup();
    const first = await createJob(newJob, deps);
    const second = await createJob(newJob, deps);

    expect(first.id).not.toBe(second.id);
    expect((await state.jobs.get(first.id))?.value).toMatchObject({
      status: 'queued',
      kind: 'resync',
      scope: { syncId: 'contoso-to-fabrikam' },
      createdAt: '2026-01-05T09:00:00.000Z',
      startedAt: null,
      result: null,
    });
  });
});

describe('runJob', () => {
  it('marks the job running, records progress and ends it succeeded with the result', async () => {
    const { deps, clock } = setup();
    const job = await createJob(newJob, deps);
    const seen: JobRecord[] = [];
    const final = await runJob(
      job,
      async (reporter) => {
        clock.advance(1_000);
        await reporter.progress({ phase: 'applying', done: 3, total: 10 }, { created: 3 });
        seen.push((await readJob(job.id, deps)) as JobRecord);
        return { created: 10 };
      },
      deps,
    );

    expect(seen[0]).toMatchObject({
      status: 'running',
      progress: { phase: 'applying', done: 3, total: 10 },
      result: { created: 3 },
      updatedAt: '2026-01-05T09:00:01.000Z',
    });
    expect(final).toMatchObject({
      status: 'succeeded',
      startedAt: '2026-01-05T09:00:00.000Z',
      finishedAt: '2026-01-05T09:00:01.000Z',
      result: { created: 10 },
      error: null,
    });
    expect(await readJob(job.id, deps)).toEqual(final);
  });

  it('keeps the code and message of a failure, and the counts reached', async () => {
    const { deps } = setup();
    const job = await createJob(newJob, deps);
    const final = await runJob(
      job,
      async (reporter) => {
        await reporter.progress({ phase: 'applying', done: 1, total: null }, { created: 1 });
        throw new SyncError('GRAPH.FORBIDDEN', 'Insufficient privileges to invite users in fabrikam.');
      },
      deps,
    );

    expect(final).toMatchObject({
      status: 'failed',
      result: { created: 1 },
      error: { code: 'GRAPH.FORBIDDEN', message: 'Insufficient privileges to invite users in fabrikam.' },
    });
  });

  it('records an unexpected error as UNEXPECTED with its message', async () => {
    const { deps } = setup();
    const job = await createJob(newJob, deps);
    const final = await runJob(job, () => Promise.reject(new TypeError('x is undefined')), deps);
    expect(final.error).toEqual({ code: 'UNEXPECTED', message: 'TypeError: x is undefined' });
  });
});

describe('startJob', () => {
  it('answers with the queued job at once and finishes the work in the background', async () => {
    const { deps } = setup();
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const job = await startJob(
      newJob,
      async () => {
        await gate;
        return { done: true };
      },
      deps,
    );
    expect(job.status).toBe('queued');
    release();
    await expect.poll(async () => (await readJob(job.id, deps))?.status).toBe('succeeded');
  });
});

describe('readJob', () => {
  it('returns null for an unknown job', async () => {
    const { deps } = setup();
    expect(await readJob('nope', deps)).toBeNull();
  });

  it('reports and stores a running job without updates past the timeout as failed (JOB.STALE)', async () => {
    const { deps, clock, state } = setup();
    const job = await createJob(newJob, deps);
    await updateJob(
      job.id,
      (current, now) => ({ ...current, status: 'running', updatedAt: now.toISOString() }),
      deps,
    );
    clock.advance(60_000);
    expect((await readJob(job.id, deps))?.status).toBe('running');

    clock.advance(1);
    const stale = await readJob(job.id, deps);
    expect(stale).toMatchObject({ status: 'failed', error: { code: 'JOB.STALE' } });
    expect(stale?.error?.message).toContain('instance running it stopped');
    expect((await state.jobs.get(job.id))?.value.status).toBe('failed');
  });

  it('never reports a finished job as stale', async () => {
    const { deps, clock } = setup();
    const job = await createJob(newJob, deps);
    await runJob(job, () => Promise.resolve({}), deps);
    clock.advance(10 * 60_000);
    expect((await readJob(job.id, deps))?.status).toBe('succeeded');
  });
});

describe('listJobs', () => {
  it('lists a running job without updates past the timeout as failed (JOB.STALE) and stores it so', async () => {
    const { deps, clock, state } = setup();
    const dead = await createJob(newJob, deps);
    await updateJob(
      dead.id,
      (current, now) => ({ ...current, status: 'running', updatedAt: now.toISOString() }),
      deps,
    );
    clock.advance(60_001);
    const alive = await createJob(newJob, deps);
    const finished = await createJob(newJob, deps);
    await runJob(finished, () => Promise.resolve({}), deps);

    const listed = await listJobs({ limit: 10 }, deps);
    expect(Object.fromEntries(listed.map((job) => [job.id, job.status]))).toEqual({
      [dead.id]: 'failed',
      [alive.id]: 'queued',
      [finished.id]: 'succeeded',
    });
    expect(listed.find((job) => job.id === dead.id)?.error?.code).toBe('JOB.STALE');
    expect((await state.jobs.get(dead.id))?.value.status).toBe('failed');
  });
});

describe('runJob heartbeat', () => {
  it('calls the heartbeat hook while the work runs, and a failing hook does not stop the work', async () => {
    const { deps } = setup();
    const job = await createJob(newJob, deps);
    let beats = 0;
    const final = await runJob(
      job,
      async () => {
        await new Promise((resolve) => setTimeout(resolve, 80));
        return { done: true };
      },
      { ...deps, staleAfterMs: 30 },
      {
        onHeartbeat: () => {
          beats += 1;
          return Promise.reject(new Error('lease store down'));
        },
      },
    );
    expect(final.status).toBe('succeeded');
    expect(beats).toBeGreaterThanOrEqual(2);
  });
});

describe('updateJob', () => {
  it('never changes a finished job', async () => {
    const { deps } = setup();
    const job = await createJob(newJob, deps);
    await runJob(job, () => Promise.reject(new Error('boom')), deps);
    const after = await updateJob(job.id, (current) => ({ ...current, status: 'running' }), deps);
    expect(after?.status).toBe('failed');
  });

  it('retries a lost race against another writer', async () => {
    const { deps, state } = setup();
    const job = await createJob(newJob, deps);
    let raced = false;
    const racing: JobDeps = {
      ...deps,
      jobs: {
        ...state.jobs,
        save: async (record, etag) => {
          if (!raced) {
            raced = true;
            // Someone else writes between our read and our save.
            const current = await state.jobs.get(record.id);
            if (current) await state.jobs.save({ ...current.value, requestedBy: 'other' }, current.etag);
          }
          return state.jobs.save(record, etag);
        },
      },
    };
    const after = await updateJob(
      job.id,
      (current, now) => ({ ...current, updatedAt: now.toISOString() }),
      racing,
    );
    expect(raced).toBe(true);
    expect(after?.requestedBy).toBe('other');
  });
});
