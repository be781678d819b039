import { describe, expect, it } from 'vitest';
import { readJob } from '../../src/app/run-job.js';
import { startFullResync, type FullResyncDeps } from '../../src/app/start-full-resync.js';
import { SyncError } from '../../src/core/sync-errors.js';
import type { Topology } from '../../src/core/topology/topology.js';
import { aSync, tenantIds } from '../support/builders.js';
import { createInMemoryState } from '../support/fakes/in-memory-state.js';
import { createRecordingSyncQueue } from '../support/fakes/recording-sync-queue.js';
import { createTestClock, createTestLogger } from '../support/test-logger.js';

function setup() {
  const clock = createTestClock();
  const state = createInMemoryState({ clock });
  const queue = createRecordingSyncQueue();
  const topology: Topology = {
    version: 1,
    tenants: [],
    syncs: [
      aSync(),
      aSync({ id: 'contoso-to-northwind', to: 'northwind', toTenantId: tenantIds.northwind }),
      aSync({ id: 'woodgrove-to-fabrikam', from: 'woodgrove', fromTenantId: tenantIds.woodgrove }),
    ],
  };
  const deps: FullResyncDeps = {
    jobs: state.jobs,
    clock,
    logger: createTestLogger().logger,
    staleAfterMs: 60_000,
    topology: { current: () => Promise.resolve({ version: 1, topology }), invalidate: () => undefined },
    queue,
  };
  return { clock, state, queue, deps };
}

describe('startFullResync', () => {
  it('records a queued job and enqueues a full round that republishes the sync, for the job', async () => {
    const { deps, queue } = setup();
    const outcome = await startFullResync({ syncId: 'contoso-to-fabrikam' }, 'admin-api:1', deps);

    expect(outcome.kind).toBe('started');
    const job = outcome.kind === 'started' ? outcome.job : undefined;
    expect(job).toMatchObject({ kind: 'resync', status: 'queued', scope: { syncId: 'contoso-to-fabrikam' } });
    expect(queue.drains).toEqual([
      expect.objectContaining({
        sourceTenantId: tenantIds.contoso,
        reason: 'resync',
        resetSyncIds: ['contoso-to-fabrikam'],
        jobId: job?.id,
      }),
    ]);
  });

  it('resyncs every sync that reads from a source tenant', async () => {
    const { deps, queue } = setup();
    const outcome = await startFullResync({ sourceTenantId: tenantIds.contoso.toUpperCase() }, 'ops', deps);
    expect(outcome).toMatchObject({ kind: 'started', job: { scope: { sourceTenantId: tenantIds.contoso } } });
    expect(queue.drains[0]?.resetSyncIds).toEqual(['contoso-to-fabrikam', 'contoso-to-northwind']);
  });

  it('reports an unknown sync or a tenant no sync reads from, and starts nothing', async () => {
    const { deps, queue, state } = setup();
    expect(await startFullResync({ syncId: 'nope' }, 'ops', deps)).toEqual({
      kind: 'unknown-sync',
      syncId: 'nope',
    });
    expect(await startFullResync({ sourceTenantId: tenantIds.fabrikam }, 'ops', deps)).toEqual({
      kind: 'unknown-tenant',
      sourceTenantId: tenantIds.fabrikam,
    });
    expect(queue.drains).toEqual([]);
    expect(await state.jobs.list({ limit: 10 })).toEqual([]);
  });

  it('refuses a second resync of the same source tenant while the first is unfinished', async () => {
    const { deps } = setup();
    const first = await startFullResync({ syncId: 'contoso-to-fabrikam' }, 'ops', deps);
    const firstId = first.kind === 'started' ? first.job.id : '';

    expect(await startFullResync({ syncId: 'contoso-to-northwind' }, 'ops', deps)).toEqual({
      kind: 'already-running',
      jobId: firstId,
    });
    expect((await startFullResync({ syncId: 'woodgrove-to-fabrikam' }, 'ops', deps)).kind).toBe('started');
  });

  it('starts again once the earlier resync finished or went stale', async () => {
    const { deps, clock } = setup();
    const first = await startFullResync({ syncId: 'contoso-to-fabrikam' }, 'ops', deps);
    clock.advance(60_001);
    expect((await startFullResync({ syncId: 'contoso-to-fabrikam' }, 'ops', deps)).kind).toBe('started');
    expect(first.kind === 'started' && (await readJob(first.job.id, deps))?.error?.code).toBe('JOB.STALE');
  });

  it('fails the job and throws when the drain cannot be enqueued', async () => {
    const { deps, queue, state } = setup();
    queue.failWith(new SyncError('BUS.UNAVAILABLE', 'Service Bus is unreachable.', { retryable: true }));
    await expect(startFullResync({ syncId: 'contoso-to-fabrikam' }, 'ops', deps)).rejects.toMatchObject({
      code: 'BUS.UNAVAILABLE',
    });
    const [job] = await state.jobs.list({ limit: 1 });
    expect(job).toMatchObject({ status: 'failed', error: { code: 'BUS.UNAVAILABLE' } });
    // A failed job does not block the next attempt.
    queue.failWith(undefined);
    expect((await startFullResync({ syncId: 'contoso-to-fabrikam' }, 'ops', deps)).kind).toBe('started');
  });
});
