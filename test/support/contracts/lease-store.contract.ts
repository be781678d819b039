import { describe, expect, it } from 'vitest';
import type { LeaseRecord, LeaseStore } from '../../../src/app/reconcile-ports.js';
import { AWKWARD_IDS } from './state-samples.js';

/** A lease row for the contract: `sync:contoso-to-fabrikam` held by a job for ten minutes. */
export function aLease(overrides: Partial<LeaseRecord> = {}): LeaseRecord {
  return {
    name: 'sync:contoso-to-fabrikam',
    holder: 'job-1',
    acquiredAt: '2025-03-01T12:00:00.000Z',
    expiresAt: '2025-03-01T12:10:00.000Z',
    ...overrides,
  };
}

/** The behaviour every {@link LeaseStore} shares; run it against each implementation. */
export function runLeaseStoreContract(name: string, factory: () => Promise<LeaseStore>): void {
  describe(`${name} (LeaseStore contract)`, () => {
    it('returns null for a lease that was never taken', async () => {
      expect(await (await factory()).get('sync:unknown')).toBeNull();
    });

    it('creates a lease with a null etag and replaces it with the etag it returned', async () => {
      const store = await factory();
      const first = await store.save(aLease(), null);
      const second = await store.save(aLease({ expiresAt: '2025-03-01T12:20:00.000Z' }), first);
      expect(second).not.toBe(first);
      expect(await store.get(aLease().name)).toEqual({
        value: aLease({ expiresAt: '2025-03-01T12:20:00.000Z' }),
        etag: second,
      });
    });

    it('rejects a second create and a stale etag with a retryable conflict', async () => {
      const store = await factory();
      const first = await store.save(aLease(), null);
      await store.save(aLease({ holder: 'job-2' }), first);
      await expect(store.save(aLease({ holder: 'job-3' }), null)).rejects.toMatchObject({
        code: 'STATE.CONFLICT',
        retryable: true,
      });
      await expect(store.save(aLease({ holder: 'job-3' }), first)).rejects.toMatchObject({
        code: 'STATE.CONFLICT',
      });
      expect((await store.get(aLease().name))?.value.holder).toBe('job-2');
    });

    it('keeps leases apart even when their names hold characters tables forbid in keys', async () => {
      const store = await factory();
      for (const id of AWKWARD_IDS) await store.save(aLease({ name: `tenant:${id}`, holder: id }), null);
      for (const id of AWKWARD_IDS) expect((await store.get(`tenant:${id}`))?.value.holder).toBe(id);
    });
  });
}
