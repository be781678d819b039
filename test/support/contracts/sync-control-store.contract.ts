import { describe, expect, it } from 'vitest';
import type { SyncControlStore } from '../../../src/app/safety-ports.js';
import { aFixedClock, type StoreFactory } from './store-factory.js';
import { aSyncControl } from './safety-samples.js';

/** The behaviour every {@link SyncControlStore} shares; run it against each implementation. */
export function runSyncControlStoreContract(name: string, factory: StoreFactory<SyncControlStore>): void {
  describe(`${name} (SyncControlStore contract)`, () => {
    const newStore = () => factory({ clock: aFixedClock('2025-03-01T12:00:00Z'), pageSize: 2 });

    it('returns null for a sync without a control row', async () => {
      expect(await (await newStore()).get('prod-to-test')).toBeNull();
    });

    it('keeps the pause, the quarantine and the pending guard, and clears them again', async () => {
      const store = await newStore();
      const first = await store.save(aSyncControl(), null);
      expect(await store.get('prod-to-test')).toEqual({ value: aSyncControl(), etag: first });

      const open = aSyncControl({ pause: null, quarantine: null, pendingGuardId: null });
      const second = await store.save(open, first);
      expect(await store.get('prod-to-test')).toEqual({ value: open, etag: second });
    });

    it('keeps the token of the quarantine probe that is out', async () => {
      const store = await newStore();
      const probing = aSyncControl({
        quarantine: {
          since: '2025-03-01T11:00:00.000Z',
          failures: 12,
          attempts: 20,
          backoffMs: 120_000,
          retryAt: '2025-03-01T11:02:00.000Z',
          probeStartedAt: '2025-03-01T11:03:00.000Z',
          probeToken: '77777777-7777-4777-8777-777777777777',
          failedProbes: 1,
        },
      });
      const etag = await store.save(probing, null);
      expect(await store.get('prod-to-test')).toEqual({ value: probing, etag });
    });

    it('refuses a save from a stale etag or a second create with STATE.CONFLICT', async () => {
      const store = await newStore();
      const first = await store.save(aSyncControl(), null);
      await store.save(aSyncControl({ pause: null }), first);

      await expect(store.save(aSyncControl(), first)).rejects.toMatchObject({ code: 'STATE.CONFLICT' });
      await expect(store.save(aSyncControl(), null)).rejects.toMatchObject({ code: 'STATE.CONFLICT' });
    });

    it('lists the rows of every sync', async () => {
      const store = await newStore();
      await store.save(aSyncControl({ syncId: 'a-to-b' }), null);
      await store.save(aSyncControl({ syncId: 'c-to-d', quarantine: null }), null);

      const ids = (await store.list()).map((control) => control.syncId).sort();
      expect(ids).toEqual(['a-to-b', 'c-to-d']);
    });
  });
}
