import { describe, expect, it } from 'vitest';
import type { DeadLetterStore } from '../../../src/app/ports.js';
import { aFixedClock, type StoreFactory } from './store-factory.js';
import { aDeadLetter, AWKWARD_IDS } from './state-samples.js';

/** The behaviour every {@link DeadLetterStore} shares; run it against each implementation. */
export function runDeadLetterStoreContract(name: string, factory: StoreFactory<DeadLetterStore>): void {
  describe(`${name} (DeadLetterStore contract)`, () => {
    const newStore = () => factory({ clock: aFixedClock('2025-03-01T12:00:00Z'), pageSize: 2 });

    it('lists nothing for a scope without letters', async () => {
      expect(await (await newStore()).list('prod-to-test')).toEqual([]);
    });

    it('keeps a letter with its body, reason and description', async () => {
      const store = await newStore();
      await store.put(aDeadLetter());
      expect(await store.list('prod-to-test')).toEqual([aDeadLetter()]);
    });

    it('keeps one letter per message id when the same message is dead-lettered again', async () => {
      const store = await newStore();
      await store.put(aDeadLetter());
      await store.put(aDeadLetter({ reasonCode: 'SYNC.TARGET_CONFLICT', at: '2025-03-01T11:00:00.000Z' }));
      expect(await store.list('prod-to-test')).toEqual([
        aDeadLetter({ reasonCode: 'SYNC.TARGET_CONFLICT', at: '2025-03-01T11:00:00.000Z' }),
      ]);
    });

    it('lists one scope oldest first', async () => {
      const store = await newStore();
      const late = aDeadLetter({ id: 'm-a', at: '2025-03-01T12:00:00.000Z' });
      const early = aDeadLetter({ id: 'm-b', at: '2025-03-01T09:00:00.000Z' });
      await store.put(late);
      await store.put(early);
      await store.put(aDeadLetter({ id: 'drain-1', scope: 'source-changes' }));
      expect(await store.list('prod-to-test')).toEqual([early, late]);
      expect((await store.list('source-changes')).map((letter) => letter.id)).toEqual(['drain-1']);
    });

    it('removes a letter, and removing a missing one is not an error', async () => {
      const store = await newStore();
      await store.put(aDeadLetter());
      await store.remove('prod-to-test', aDeadLetter().id);
      await store.remove('prod-to-test', aDeadLetter().id);
      expect(await store.list('prod-to-test')).toEqual([]);
    });

    it('round-trips message ids that hold characters tables forbid in keys', async () => {
      const store = await newStore();
      for (const id of AWKWARD_IDS) await store.put(aDeadLetter({ id }));
      const ids = (await store.list('prod-to-test')).map((letter) => letter.id);
      expect(ids.sort()).toEqual([...AWKWARD_IDS].sort());
      for (const id of AWKWARD_IDS) await store.remove('prod-to-test', id);
      expect(await store.list('prod-to-test')).toEqual([]);
    });

    it('keeps a body larger than one table property (100 KB of JSON)', async () => {
      const store = await newStore();
      const body = { items: Array.from({ length: 2000 }, (_, index) => `user-${index}-${'x'.repeat(40)}`) };
      await store.put(aDeadLetter({ body }));
      expect((await store.list('prod-to-test'))[0]?.body).toEqual(body);
    });
  });
}
