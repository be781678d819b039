import { describe, expect, it } from 'vitest';
import type { SyncCounterStore } from '../../../src/app/safety-ports.js';
import { aFixedClock, type StoreFactory } from './store-factory.js';

const at = (iso: string) => new Date(iso);

/** The behaviour every {@link SyncCounterStore} shares; run it against each implementation. */
export function runSyncCounterStoreContract(name: string, factory: StoreFactory<SyncCounterStore>): void {
  describe(`${name} (SyncCounterStore contract)`, () => {
    const newStore = () => factory({ clock: aFixedClock('2025-03-01T12:00:00Z'), pageSize: 2 });

    it('sums the increments of the minute buckets from `since` on, per sync and counter', async () => {
      const store = await newStore();
      await store.add('prod-to-test', 'attempts', at('2025-03-01T11:40:10Z'), 4);
      await store.add('prod-to-test', 'attempts', at('2025-03-01T11:55:30Z'));
      await store.add('prod-to-test', 'attempts', at('2025-03-01T11:59:59Z'), 2);
      await store.add('prod-to-test', 'failures', at('2025-03-01T11:59:00Z'));
      await store.add('other-sync', 'attempts', at('2025-03-01T11:59:00Z'), 9);

      expect(await store.sum('prod-to-test', 'attempts', at('2025-03-01T11:45:00Z'))).toBe(3);
      // Whole buckets: the bucket of 11:55 counts from 11:55:45 on.
      expect(await store.sum('prod-to-test', 'attempts', at('2025-03-01T11:55:45Z'))).toBe(3);
      expect(await store.sum('prod-to-test', 'attempts', at('2025-03-01T11:00:00Z'))).toBe(7);
      expect(await store.sum('prod-to-test', 'failures', at('2025-03-01T11:00:00Z'))).toBe(1);
      expect(await store.sum('nobody', 'attempts', at('2025-03-01T11:00:00Z'))).toBe(0);
    });

    it('loses no increment when many are made at once', async () => {
      const store = await newStore();
      await Promise.all(
        Array.from({ length: 20 }, () => store.add('prod-to-test', 'failures', at('2025-03-01T11:59:10Z'))),
      );
      expect(await store.sum('prod-to-test', 'failures', at('2025-03-01T11:00:00Z'))).toBe(20);
    });

    it('forgets every bucket of a counter on reset, and only of that counter', async () => {
      const store = await newStore();
      await store.add('prod-to-test', 'attempts', at('2025-03-01T11:10:00Z'), 5);
      await store.add('prod-to-test', 'attempts', at('2025-03-01T11:50:00Z'), 5);
      await store.add('prod-to-test', 'failures', at('2025-03-01T11:50:00Z'), 2);

      await store.reset('prod-to-test', 'attempts');

      expect(await store.sum('prod-to-test', 'attempts', at('2025-03-01T00:00:00Z'))).toBe(0);
      expect(await store.sum('prod-to-test', 'failures', at('2025-03-01T00:00:00Z'))).toBe(2);
    });

    it('keeps the removal window of a sync with conditional saves', async () => {
      const store = await newStore();
      expect(await store.getRemovalWindow('prod-to-test')).toBeNull();
      const window = {
        syncId: 'prod-to-test',
        buckets: [{ start: '2025-03-01T11:59:00.000Z', count: 3 }],
        batchIds: ['rb-1'],
      };
      const etag = await store.saveRemovalWindow(window, null);
      expect(await store.getRemovalWindow('prod-to-test')).toEqual({ value: window, etag });

      await expect(store.saveRemovalWindow(window, null)).rejects.toMatchObject({ code: 'STATE.CONFLICT' });
      const emptied = { syncId: 'prod-to-test', buckets: [], batchIds: [] };
      const next = await store.saveRemovalWindow(emptied, etag);
      expect(await store.getRemovalWindow('prod-to-test')).toEqual({ value: emptied, etag: next });
      await expect(store.saveRemovalWindow(window, etag)).rejects.toMatchObject({ code: 'STATE.CONFLICT' });
    });
  });
}
