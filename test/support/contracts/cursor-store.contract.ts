import { describe, expect, it } from 'vitest';
import type { CursorStore } from '../../../src/app/ports.js';
import { aFixedClock, type StoreFactory } from './store-factory.js';
import { aCursor, AWKWARD_IDS } from './state-samples.js';

/** The behaviour every {@link CursorStore} shares; run it against each implementation. */
export function runCursorStoreContract(name: string, factory: StoreFactory<CursorStore>): void {
  describe(`${name} (CursorStore contract)`, () => {
    const newStore = () => factory({ clock: aFixedClock('2025-03-01T12:00:00Z'), pageSize: 2 });

    it('returns null for a tenant without a cursor', async () => {
      expect(await (await newStore()).get('unknown-tenant')).toBeNull();
    });

    it('creates a cursor with a null etag and replaces it with the etag it returned', async () => {
      const store = await newStore();
      const first = await store.save(aCursor({ roundComplete: false }), null);
      const second = await store.save(aCursor({ link: 'https://next', roundId: 'round-2' }), first);

      expect(second).not.toBe(first);
      expect(await store.get(aCursor().sourceTenantId)).toEqual({
        value: aCursor({ link: 'https://next', roundId: 'round-2' }),
        etag: second,
      });
    });

    it('keeps what an unfinished round owes: its reset list, its jobs and the request that restarted it', async () => {
      const store = await newStore();
      const owing = aCursor({
        roundComplete: false,
        resetSyncIds: ['contoso-to-fabrikam', 'contoso-to-northwind'],
        jobIds: ['job-1'],
        restartedBy: 'corr-7',
      });
      await store.save(owing, null);
      expect((await store.get(owing.sourceTenantId))?.value).toEqual(owing);
    });

    it('rejects a stale etag with a retryable conflict and keeps the newer cursor', async () => {
      const store = await newStore();
      const first = await store.save(aCursor(), null);
      await store.save(aCursor({ roundId: 'winner' }), first);

      await expect(store.save(aCursor({ roundId: 'loser' }), first)).rejects.toMatchObject({
        code: 'STATE.CONFLICT',
        retryable: true,
      });
      expect((await store.get(aCursor().sourceTenantId))?.value.roundId).toBe('winner');
    });

    it('rejects a null etag when the cursor already exists', async () => {
      const store = await newStore();
      await store.save(aCursor(), null);
      await expect(store.save(aCursor({ roundId: 'again' }), null)).rejects.toMatchObject({
        code: 'STATE.CONFLICT',
      });
    });

    it('deletes a cursor, and deleting a missing one is not an error', async () => {
      const store = await newStore();
      await store.save(aCursor(), null);
      await store.delete(aCursor().sourceTenantId);
      await store.delete(aCursor().sourceTenantId);
      expect(await store.get(aCursor().sourceTenantId)).toBeNull();
    });

    it('keeps tenants apart even when their ids hold characters tables forbid in keys', async () => {
      const store = await newStore();
      for (const id of AWKWARD_IDS) await store.save(aCursor({ sourceTenantId: id, roundId: id }), null);
      for (const id of AWKWARD_IDS) {
        expect((await store.get(id))?.value).toEqual(aCursor({ sourceTenantId: id, roundId: id }));
      }
    });
  });
}
