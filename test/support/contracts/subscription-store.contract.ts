import { describe, expect, it } from 'vitest';
import type { SubscriptionStore } from '../../../src/app/ports.js';
import { aFixedClock, type StoreFactory } from './store-factory.js';
import { aSubscription, AWKWARD_IDS } from './state-samples.js';

/** The behaviour every {@link SubscriptionStore} shares; run it against each implementation. */
export function runSubscriptionStoreContract(name: string, factory: StoreFactory<SubscriptionStore>): void {
  describe(`${name} (SubscriptionStore contract)`, () => {
    const newStore = () => factory({ clock: aFixedClock('2025-03-01T12:00:00Z'), pageSize: 2 });
    const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : 1);

    it('returns null for an unknown subscription id', async () => {
      expect(await (await newStore()).get('unknown')).toBeNull();
    });

    it('finds a saved subscription by its id alone, client state included', async () => {
      const store = await newStore();
      await store.save(aSubscription());
      expect(await store.get(aSubscription().id)).toEqual(aSubscription());
    });

    it('replaces a subscription saved again (renewal)', async () => {
      const store = await newStore();
      await store.save(aSubscription());
      const renewed = aSubscription({
        expiresAt: '2025-03-05T10:00:00.000Z',
        renewedAt: '2025-03-02T10:00:00.000Z',
      });
      await store.save(renewed);
      expect(await store.listAll()).toEqual([renewed]);
    });

    it('lists the subscriptions of one tenant, and of all tenants', async () => {
      const store = await newStore();
      const a1 = aSubscription({ id: 'a1', tenantId: 'tenant-a' });
      const a2 = aSubscription({ id: 'a2', tenantId: 'tenant-a' });
      const b1 = aSubscription({ id: 'b1', tenantId: 'tenant-b' });
      for (const record of [b1, a2, a1]) await store.save(record);

      expect([...(await store.listByTenant('tenant-a'))].sort(byId)).toEqual([a1, a2]);
      expect([...(await store.listAll())].sort(byId)).toEqual([a1, a2, b1]);
      expect(await store.listByTenant('tenant-c')).toEqual([]);
    });

    it('deletes a subscription, and deleting a missing one is not an error', async () => {
      const store = await newStore();
      await store.save(aSubscription());
      await store.delete(aSubscription().tenantId, aSubscription().id);
      await store.delete(aSubscription().tenantId, aSubscription().id);
      expect(await store.get(aSubscription().id)).toBeNull();
    });

    it('round-trips ids that hold characters tables forbid in keys', async () => {
      const store = await newStore();
      for (const id of AWKWARD_IDS) await store.save(aSubscription({ id, tenantId: id }));
      for (const id of AWKWARD_IDS) expect(await store.get(id)).toEqual(aSubscription({ id, tenantId: id }));
    });
  });
}
