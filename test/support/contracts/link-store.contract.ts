import { describe, expect, it } from 'vitest';
import type { LinkStore } from '../../../src/app/ports.js';
import { readEveryPage } from './read-every-page.js';
import { aFixedClock, type StoreFactory } from './store-factory.js';
import { aLink, AWKWARD_IDS } from './state-samples.js';

/** The behaviour every {@link LinkStore} shares; run it against each implementation. */
export function runLinkStoreContract(name: string, factory: StoreFactory<LinkStore>): void {
  describe(`${name} (LinkStore contract)`, () => {
    const newStore = () => factory({ clock: aFixedClock('2025-03-01T12:00:00Z'), pageSize: 2 });
    const { syncId, sourceUserId } = aLink();

    it('returns null for a user without a link', async () => {
      expect(await (await newStore()).get(syncId, 'nobody')).toBeNull();
    });

    it('creates a link with a null etag and replaces it with the etag it returned', async () => {
      const store = await newStore();
      const first = await store.save(aLink(), null);
      const disabled = aLink({
        state: 'disabled',
        targetUserId: null,
        appliedHash: null,
        appliedAttributes: {},
        sourceVersion: 4,
        disabledAt: '2025-03-02T10:00:00.000Z',
        deletedAt: '2025-03-03T10:00:00.000Z',
        lastError: {
          code: 'GRAPH.FORBIDDEN',
          message: 'Insufficient privileges',
          at: '2025-03-02T10:00:00.000Z',
        },
      });
      const second = await store.save(disabled, first);

      expect(await store.get(syncId, sourceUserId)).toEqual({ value: disabled, etag: second });
      const third = await store.save(aLink({ sourceVersion: 5 }), second);
      expect(await store.get(syncId, sourceUserId)).toEqual({
        value: aLink({ sourceVersion: 5 }),
        etag: third,
      });
    });

    it('rejects a stale etag with a retryable conflict', async () => {
      const store = await newStore();
      const first = await store.save(aLink(), null);
      await store.save(aLink({ sourceVersion: 4 }), first);
      await expect(store.save(aLink({ sourceVersion: 5 }), first)).rejects.toMatchObject({
        code: 'STATE.CONFLICT',
        retryable: true,
      });
      expect((await store.get(syncId, sourceUserId))?.value.sourceVersion).toBe(4);
    });

    it('rejects a null etag when the link already exists', async () => {
      const store = await newStore();
      await store.save(aLink(), null);
      await expect(store.save(aLink(), null)).rejects.toMatchObject({ code: 'STATE.CONFLICT' });
    });

    it('round-trips source user ids that hold characters tables forbid in keys', async () => {
      const store = await newStore();
      for (const id of AWKWARD_IDS) await store.save(aLink({ sourceUserId: id }), null);
      for (const id of AWKWARD_IDS)
        expect((await store.get(syncId, id))?.value).toEqual(aLink({ sourceUserId: id }));
    });

    it('lists one sync page by page with continuation tokens, each link once', async () => {
      const store = await newStore();
      const ids = ['s1', 's2', 's3', 's4', 's5'];
      for (const id of ids) await store.save(aLink({ sourceUserId: id }), null);
      await store.save(aLink({ syncId: 'other-sync', sourceUserId: 'elsewhere' }), null);

      const { items, pages } = await readEveryPage((token) => store.list(syncId, token));

      expect(pages).toBeGreaterThan(1);
      expect(items.map((item) => item.value.sourceUserId).sort()).toEqual(ids);
    });
  });
}
