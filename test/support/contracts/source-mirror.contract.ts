import { describe, expect, it } from 'vitest';
import type { SourceMirror } from '../../../src/app/ports.js';
import { readEveryPage } from './read-every-page.js';
import { aFixedClock, type StoreFactory } from './store-factory.js';
import { aMirroredUser, AWKWARD_IDS } from './state-samples.js';

/** The behaviour every {@link SourceMirror} shares; run it against each implementation. */
export function runSourceMirrorContract(name: string, factory: StoreFactory<SourceMirror>): void {
  describe(`${name} (SourceMirror contract)`, () => {
    const newStore = () => factory({ clock: aFixedClock('2025-03-01T12:00:00Z'), pageSize: 2 });
    const tenant = aMirroredUser().sourceTenantId;

    it('returns null for a user it never saw', async () => {
      expect(await (await newStore()).get(tenant, 'nobody')).toBeNull();
    });

    it('creates a user with a null etag and replaces it with the etag it returned', async () => {
      const store = await newStore();
      const first = await store.save(aMirroredUser(), null);
      const changed = aMirroredUser({
        attributes: { displayName: 'Alex W.', otherMails: [], accountEnabled: false },
        version: 2,
        state: 'soft-deleted',
        published: {},
      });
      const second = await store.save(changed, first);

      expect(await store.get(tenant, changed.userId)).toEqual({ value: changed, etag: second });
    });

    it('rejects a stale etag with a retryable conflict', async () => {
      const store = await newStore();
      const first = await store.save(aMirroredUser(), null);
      await store.save(aMirroredUser({ version: 2 }), first);
      await expect(store.save(aMirroredUser({ version: 3 }), first)).rejects.toMatchObject({
        code: 'STATE.CONFLICT',
        retryable: true,
      });
    });

    it('rejects a null etag when the user already exists', async () => {
      const store = await newStore();
      await store.save(aMirroredUser(), null);
      await expect(store.save(aMirroredUser({ version: 9 }), null)).rejects.toMatchObject({
        code: 'STATE.CONFLICT',
      });
      expect((await store.get(tenant, aMirroredUser().userId))?.value.version).toBe(1);
    });

    it('round-trips user ids that hold characters tables forbid in keys', async () => {
      const store = await newStore();
      for (const userId of AWKWARD_IDS) await store.save(aMirroredUser({ userId }), null);
      for (const userId of AWKWARD_IDS) {
        expect((await store.get(tenant, userId))?.value).toEqual(aMirroredUser({ userId }));
      }
      const { items } = await readEveryPage((token) => store.list(tenant, token));
      expect(items.map((item) => item.value.userId).sort()).toEqual([...AWKWARD_IDS].sort());
    });

    it('lists one tenant page by page with continuation tokens, each user once', async () => {
      const store = await newStore();
      const userIds = ['u1', 'u2', 'u3', 'u4', 'u5'];
      for (const userId of userIds) await store.save(aMirroredUser({ userId }), null);
      await store.save(aMirroredUser({ sourceTenantId: 'other-tenant', userId: 'elsewhere' }), null);

      const { items, pages } = await readEveryPage((token) => store.list(tenant, token));

      expect(pages).toBeGreaterThan(1);
      expect(items.map((item) => item.value.userId).sort()).toEqual(userIds);
      for (const item of items) expect((await store.get(tenant, item.value.userId))?.etag).toBe(item.etag);
    });

    it('lists nothing for a tenant without users', async () => {
      expect(await (await newStore()).list('empty-tenant')).toEqual({ items: [] });
    });
  });
}
