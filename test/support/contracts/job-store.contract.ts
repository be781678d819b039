import { describe, expect, it } from 'vitest';
import type { JobRecord, JobStore } from '../../../src/app/control-ports.js';
import { aFixedClock, type StoreFactory } from './store-factory.js';
import { AWKWARD_IDS } from './state-samples.js';

/** A queued resync job with sensible defaults. */
export function aJob(overrides: Partial<JobRecord> = {}): JobRecord {
  return {
    id: '0f1e2d3c-4b5a-4968-8776-655443322110',
    kind: 'resync',
    status: 'queued',
    scope: { syncId: 'contoso-to-fabrikam' },
    requestedBy: 'admin-api:inv-1',
    createdAt: '2025-03-01T12:00:00.000Z',
    startedAt: null,
    finishedAt: null,
    updatedAt: '2025-03-01T12:00:00.000Z',
    progress: { phase: 'queued', done: 0, total: null },
    result: null,
    error: null,
    ...overrides,
  };
}

/** The behaviour every {@link JobStore} shares; run it against each implementation. */
export function runJobStoreContract(name: string, factory: StoreFactory<JobStore>): void {
  describe(`${name} (JobStore contract)`, () => {
    const newStore = () => factory({ clock: aFixedClock('2025-03-01T12:00:00Z'), pageSize: 2 });

    it('returns null for an unknown job', async () => {
      expect(await (await newStore()).get('no-such-job')).toBeNull();
    });

    it('creates a job and replaces it with the etag it returned', async () => {
      const store = await newStore();
      const first = await store.create(aJob());
      expect(await store.get(aJob().id)).toEqual({ value: aJob(), etag: first });

      const finished = aJob({
        status: 'failed',
        scope: { sourceTenantId: '11111111-1111-4111-8111-111111111111' },
        startedAt: '2025-03-01T12:00:01.000Z',
        finishedAt: '2025-03-01T12:05:00.000Z',
        updatedAt: '2025-03-01T12:05:00.000Z',
        progress: { phase: 'failed', done: 120, total: 400 },
        result: { pages: 3, usersSeen: 120, perAction: { create: 2, none: 118 } },
        error: { code: 'GRAPH.FORBIDDEN', message: 'Insufficient privileges to read users.' },
      });
      const second = await store.save(finished, first);
      expect(await store.get(aJob().id)).toEqual({ value: finished, etag: second });
    });

    it('refuses to create a job id twice', async () => {
      const store = await newStore();
      await store.create(aJob());
      await expect(store.create(aJob({ kind: 'reconcile' }))).rejects.toMatchObject({
        code: 'STATE.CONFLICT',
      });
      expect((await store.get(aJob().id))?.value.kind).toBe('resync');
    });

    it('rejects a stale etag with a retryable conflict and keeps the newer record', async () => {
      const store = await newStore();
      const first = await store.create(aJob());
      await store.save(aJob({ status: 'running' }), first);
      await expect(store.save(aJob({ status: 'failed' }), first)).rejects.toMatchObject({
        code: 'STATE.CONFLICT',
        retryable: true,
      });
      expect((await store.get(aJob().id))?.value.status).toBe('running');
    });

    it('round-trips ids that hold characters tables forbid in keys', async () => {
      const store = await newStore();
      for (const id of AWKWARD_IDS) await store.create(aJob({ id }));
      for (const id of AWKWARD_IDS) expect((await store.get(id))?.value).toEqual(aJob({ id }));
    });

    it('lists jobs newest first, up to the limit, optionally of one kind', async () => {
      const store = await newStore();
      const at = (minute: number) => `2025-03-01T12:0${minute}:00.000Z`;
      await store.create(aJob({ id: 'job-1', createdAt: at(1), updatedAt: at(1) }));
      await store.create(aJob({ id: 'job-3', kind: 'reconcile', createdAt: at(3), updatedAt: at(3) }));
      await store.create(aJob({ id: 'job-2', createdAt: at(2), updatedAt: at(2) }));
      await store.create(aJob({ id: 'job-4', createdAt: at(4), updatedAt: at(4) }));

      expect((await store.list({ limit: 10 })).map((job) => job.id)).toEqual([
        'job-4',
        'job-3',
        'job-2',
        'job-1',
      ]);
      expect((await store.list({ limit: 3 })).map((job) => job.id)).toEqual(['job-4', 'job-3', 'job-2']);
      expect((await store.list({ kind: 'resync', limit: 2 })).map((job) => job.id)).toEqual([
        'job-4',
        'job-2',
      ]);
      expect((await store.list({ kind: 'reconcile', limit: 5 })).map((job) => job.kind)).toEqual([
        'reconcile',
      ]);
    });

    it('lists the current state of each job, not the one it was created with', async () => {
      const store = await newStore();
      const etag = await store.create(aJob());
      await store.save(aJob({ status: 'succeeded', result: { created: 1 } }), etag);
      expect(await store.list({ limit: 1 })).toEqual([aJob({ status: 'succeeded', result: { created: 1 } })]);
    });
  });
}
