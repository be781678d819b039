import { describe, expect, it } from 'vitest';
import type { GuardStore } from '../../../src/app/safety-ports.js';
import { aFixedClock, type StoreFactory } from './store-factory.js';
import { aGuard, aRemoval, userId } from './safety-samples.js';

/** The behaviour every {@link GuardStore} shares; run it against each implementation. */
export function runGuardStoreContract(name: string, factory: StoreFactory<GuardStore>): void {
  describe(`${name} (GuardStore contract)`, () => {
    const newStore = () => factory({ clock: aFixedClock('2025-03-01T12:00:00Z'), pageSize: 2 });
    const guardId = aGuard().id;

    it('creates a guard and decides it with conditional saves', async () => {
      const store = await newStore();
      expect(await store.get(guardId)).toBeNull();
      const etag = await store.save(aGuard(), null);
      expect(await store.get(guardId)).toEqual({ value: aGuard(), etag });

      const approved = aGuard({
        state: 'approved',
        decidedAt: '2025-03-01T12:30:00.000Z',
        decidedBy: 'admin-api:alice',
        threshold: { kind: 'count', count: 500 },
      });
      const next = await store.save(approved, etag);
      expect(await store.get(guardId)).toEqual({ value: approved, etag: next });
      await expect(store.save(aGuard(), etag)).rejects.toMatchObject({ code: 'STATE.CONFLICT' });
    });

    it('lists guards newest first, filtered by sync and state', async () => {
      const store = await newStore();
      const older = aGuard({
        id: '66666666-6666-4666-8666-000000000001',
        createdAt: '2025-03-01T09:00:00.000Z',
      });
      const newer = aGuard({ id: '66666666-6666-4666-8666-000000000002', state: 'rejected' });
      const elsewhere = aGuard({ id: '66666666-6666-4666-8666-000000000003', syncId: 'other-sync' });
      for (const guard of [older, newer, elsewhere]) await store.save(guard, null);
      await store.hold(older.id, [aRemoval(userId(1))]);

      expect((await store.list()).map((guard) => guard.id)).toEqual([newer.id, elsewhere.id, older.id]);
      expect(await store.list({ syncId: 'prod-to-test', state: 'pending' })).toEqual([older]);
      expect(await store.list({ state: 'rejected' })).toEqual([newer]);
    });

    it('holds removals, one per user and source version, and gives them back as they were', async () => {
      const store = await newStore();
      await store.save(aGuard(), null);
      const first = aRemoval(userId(1), { removalBatch: { id: 'rb-1', size: 2 } });
      const second = aRemoval(userId(2), {
        reason: 'deleted',
        removalPolicy: { mode: 'delete', deleteAfterDays: 0 },
      });
      await store.hold(guardId, [first, second]);
      await store.hold(guardId, [{ ...first, attempt: 3 }]);

      expect(await store.held(guardId)).toEqual([{ ...first, attempt: 3 }, second]);
      expect(await store.countHeld(guardId)).toBe(2);
      expect(await store.countHeld('66666666-6666-4666-8666-999999999999')).toBe(0);
    });

    it('holds more removals than one batch write takes', async () => {
      const store = await newStore();
      await store.save(aGuard(), null);
      const many = Array.from({ length: 130 }, (_, index) => aRemoval(userId(index + 1)));
      await store.hold(guardId, many);
      expect(await store.countHeld(guardId)).toBe(130);
    });

    it('drops held removals, and dropping one that is gone is not an error', async () => {
      const store = await newStore();
      await store.save(aGuard(), null);
      await store.hold(guardId, [aRemoval(userId(1)), aRemoval(userId(2))]);

      await store.drop(guardId, [aRemoval(userId(1)), aRemoval(userId(1)), aRemoval(userId(7))]);

      expect((await store.held(guardId)).map((change) => change.sourceUserId)).toEqual([userId(2)]);
    });

    it('removes a guard with everything it holds', async () => {
      const store = await newStore();
      await store.save(aGuard(), null);
      await store.hold(guardId, [aRemoval(userId(1))]);

      await store.remove(guardId);
      await store.remove(guardId);

      expect(await store.get(guardId)).toBeNull();
      expect(await store.countHeld(guardId)).toBe(0);
      expect(await store.list()).toEqual([]);
    });

    it('keeps one veto per sync and user, replaced whole, apart from the guards', async () => {
      const store = await newStore();
      await store.save(aGuard(), null);
      const veto = {
        syncId: 'prod-to-test',
        sourceUserId: userId(2),
        sourceVersion: 4,
        guardId,
        decidedAt: '2025-03-01T12:30:00.000Z',
        decidedBy: 'admin-api:bob',
      };
      const many = Array.from({ length: 130 }, (_, index) => ({
        ...veto,
        sourceUserId: userId(index + 10),
        decidedBy: null,
      }));
      await store.saveVetoes([veto, { ...veto, syncId: 'other-sync' }, ...many]);
      await store.saveVetoes([{ ...veto, sourceVersion: 9 }]);

      expect(await store.getVeto('prod-to-test', userId(2))).toEqual({ ...veto, sourceVersion: 9 });
      expect(await store.getVeto('prod-to-test', userId(3))).toBeNull();
      const listed = await store.listVetoes('prod-to-test');
      expect(listed).toHaveLength(131);
      expect(listed[0]).toEqual({ ...veto, sourceVersion: 9 });
      expect(listed).toContainEqual(many[129]);
      expect(await store.list()).toEqual([aGuard()]);

      await store.removeVeto('prod-to-test', userId(2));
      await store.removeVeto('prod-to-test', userId(2));
      expect(await store.getVeto('prod-to-test', userId(2))).toBeNull();
      expect(await store.listVetoes('other-sync')).toEqual([{ ...veto, syncId: 'other-sync' }]);
    });
  });
}
