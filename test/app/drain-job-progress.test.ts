import { describe, expect, it } from 'vitest';
import { createDrainJobProgress } from '../../src/app/drain-job-progress.js';
import { drainSourceChanges, type DrainDeps } from '../../src/app/drain-source-changes.js';
import type { DrainRequest } from '../../src/app/messages.js';
import type { DeltaReadResult, DeltaUserChange } from '../../src/app/ports.js';
import { createJob, readJob, type JobDeps } from '../../src/app/run-job.js';
import { SyncError } from '../../src/core/sync-errors.js';
import type { Topology } from '../../src/core/topology/topology.js';
import { aSourceUser, aSync, tenantIds, testAnchorAttribute } from '../support/builders.js';
import { createFakeDirectoryProvider } from '../support/fakes/fake-user-directory.js';
import { createInMemoryState } from '../support/fakes/in-memory-state.js';
import { createRecordingSyncQueue } from '../support/fakes/recording-sync-queue.js';
import { createTestClock, createTestLogger } from '../support/test-logger.js';

const users = ['0a1b2c3d-0000-4000-8000-000000000001', '0a1b2c3d-0000-4000-8000-000000000002'];

function present(id: string): DeltaUserChange {
  const { id: _id, ...attributes } = aSourceUser({ id });
  return { kind: 'present', user: { id, attributes } };
}

function page(changes: DeltaUserChange[], link: { next?: string; delta?: string }): DeltaReadResult {
  return {
    kind: 'page',
    page: {
      changes,
      ...(link.next ? { nextLink: link.next } : {}),
      ...(link.delta ? { deltaLink: link.delta } : {}),
    },
  };
}

function setup() {
  const clock = createTestClock();
  const state = createInMemoryState({ clock });
  const logs = createTestLogger();
  const directories = createFakeDirectoryProvider(testAnchorAttribute);
  const queue = createRecordingSyncQueue();
  const jobDeps: JobDeps = { jobs: state.jobs, clock, logger: logs.logger };
  const topology: Topology = { version: 1, tenants: [], syncs: [aSync()] };
  const deps: DrainDeps = {
    topology: { current: () => Promise.resolve({ version: 1, topology }), invalidate: () => undefined },
    directories,
    cursors: state.cursors,
    mirror: state.sourceMirror,
    queue,
    clock,
    logger: logs.logger,
    anchorAttribute: testAnchorAttribute,
    settings: { settleAfterMs: 0, maxPagesPerRun: 1 },
    jobProgress: createDrainJobProgress(jobDeps),
  };
  return { clock, state, logs, source: directories.get(tenantIds.contoso), queue, jobDeps, deps };
}

function resync(jobId: string, overrides: Partial<DrainRequest> = {}): DrainRequest {
  return {
    kind: 'drain',
    sourceTenantId: tenantIds.contoso,
    reason: 'resync',
    hintedUserIds: [],
    notifiedAt: '2026-01-05T09:00:00.000Z',
    attempt: 0,
    correlationId: 'resync-1',
    resetSyncIds: ['contoso-to-fabrikam'],
    jobId,
    ...overrides,
  };
}

describe('a drain working for a full-resync job', () => {
  it('adds each run to the job and completes it with the totals when the round completes', async () => {
    const { deps, source, queue, jobDeps } = setup();
    const job = await createJob(
      { kind: 'resync', scope: { syncId: 'contoso-to-fabrikam' }, requestedBy: 't' },
      jobDeps,
    );
    source.deltaScript.push(
      page([present(users[0] ?? '')], { next: 'https://g/delta?$skiptoken=2' }),
      page([present(users[1] ?? '')], { delta: 'https://g/delta?$deltatoken=1' }),
    );

    await drainSourceChanges(resync(job.id), deps);
    expect(await readJob(job.id, jobDeps)).toMatchObject({
      status: 'running',
      progress: { phase: 'reading source users', done: 1 },
      result: { drains: 1, pages: 1, usersSeen: 1, messagesPublished: 1 },
    });
    // The rest of the round continues in a drain that carries the job and the reset list.
    const continuation = queue.drains.at(-1);
    expect(continuation).toMatchObject({ jobId: job.id, resetSyncIds: ['contoso-to-fabrikam'] });

    await drainSourceChanges(continuation as DrainRequest, deps);
    expect(await readJob(job.id, jobDeps)).toMatchObject({
      status: 'succeeded',
      result: { drains: 2, pages: 2, usersSeen: 2, messagesPublished: 2, roundComplete: true },
      error: null,
    });
  });

  it('asks the apply step to verify every republished target user', async () => {
    const { deps, source, queue, jobDeps } = setup();
    const job = await createJob({ kind: 'resync', scope: {}, requestedBy: 't' }, jobDeps);
    source.deltaScript.push(page([present(users[0] ?? '')], { delta: 'https://g/delta?$deltatoken=1' }));
    await drainSourceChanges(resync(job.id), deps);
    expect(queue.targetChanges).toMatchObject([{ kind: 'upsert', verifyTarget: true }]);
  });

  it('restarts an unfinished round so that every user is republished', async () => {
    const { deps, source, state, jobDeps } = setup();
    await state.cursors.save(
      {
        sourceTenantId: tenantIds.contoso,
        link: 'https://g/delta?$skiptoken=half-way',
        roundComplete: false,
        selectHash: 'whatever',
        roundId: 'old-round',
        roundIsFull: true,
        updatedAt: '2026-01-05T08:00:00.000Z',
      },
      null,
    );
    const job = await createJob({ kind: 'resync', scope: {}, requestedBy: 't' }, jobDeps);
    source.deltaScript.push(page([], { delta: 'https://g/delta?$deltatoken=1' }));
    await drainSourceChanges(resync(job.id), deps);
    expect(source.deltaStarts[0]).toMatchObject({ kind: 'initial' });
  });

  it('notes a retry in the progress and fails the job with the code when the drain is given up', async () => {
    const { jobDeps } = setup();
    const progress = createDrainJobProgress(jobDeps);
    const job = await createJob({ kind: 'resync', scope: {}, requestedBy: 't' }, jobDeps);
    const error = new SyncError('GRAPH.FORBIDDEN', 'xtsync may not read users in contoso.');

    await progress.recordFailure(
      job.id,
      { kind: 'rescheduled', attempt: 1, at: new Date('2026-01-05T09:01:00Z') },
      error,
    );
    expect((await readJob(job.id, jobDeps))?.progress.phase).toContain('retry 1 after GRAPH.FORBIDDEN');

    await progress.recordFailure(job.id, { kind: 'dead-lettered', reasonCode: 'GRAPH.FORBIDDEN' }, error);
    expect(await readJob(job.id, jobDeps)).toMatchObject({
      status: 'failed',
      error: {
        code: 'GRAPH.FORBIDDEN',
        message: expect.stringContaining('xtsync may not read users') as unknown,
      },
    });
  });

  it('never fails the drain when the job cannot be updated', async () => {
    const { jobDeps, logs } = setup();
    const broken = createDrainJobProgress({
      ...jobDeps,
      jobs: { ...jobDeps.jobs, get: () => Promise.reject(new SyncError('STATE.UNAVAILABLE', 'down')) },
    });
    await expect(
      broken.recordRun('job-1', { pages: 1, usersSeen: 1, messagesPublished: 0, roundComplete: true }),
    ).resolves.toBeUndefined();
    expect(
      logs.entries.some((entry) => entry.level === 'warn' && entry.fields.code === 'STATE.UNAVAILABLE'),
    ).toBe(true);
  });
});
