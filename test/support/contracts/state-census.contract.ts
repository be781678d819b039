import { describe, expect, it } from 'vitest';
import type { DeadLetterStore, LinkStore } from '../../../src/app/ports.js';
import type { StateCensus } from '../../../src/app/safety-ports.js';
import { aFixedClock, type StoreFactory } from './store-factory.js';
import { aDeadLetter, aLink } from './state-samples.js';
import { userId } from './safety-samples.js';

/** A census with the link and dead-letter stores it counts. */
export interface CensusUnderTest {
  readonly census: StateCensus;
  readonly links: LinkStore;
  readonly deadLetters: DeadLetterStore;
}

/** The behaviour every {@link StateCensus} shares; run it against each implementation. */
export function runStateCensusContract(name: string, factory: StoreFactory<CensusUnderTest>): void {
  describe(`${name} (StateCensus contract)`, () => {
    const newStore = () => factory({ clock: aFixedClock('2025-03-01T12:00:00Z'), pageSize: 2 });

    it('counts the links of one sync by state', async () => {
      const { census, links } = await newStore();
      const states = ['active', 'active', 'active', 'disabled', 'deleted', 'absent'] as const;
      for (const [index, state] of states.entries()) {
        await links.save(aLink({ sourceUserId: userId(index + 1), state }), null);
      }
      await links.save(aLink({ syncId: 'other-sync', sourceUserId: userId(1) }), null);

      expect(await census.linkStates('prod-to-test')).toEqual({
        active: 3,
        disabled: 1,
        deleted: 1,
        absent: 1,
      });
      expect(await census.linkStates('no-links')).toEqual({ active: 0, disabled: 0, deleted: 0, absent: 0 });
    });

    it('counts the dead letters of one scope', async () => {
      const { census, deadLetters } = await newStore();
      await deadLetters.put(aDeadLetter({ id: 'm-1' }));
      await deadLetters.put(aDeadLetter({ id: 'm-2' }));
      await deadLetters.put(aDeadLetter({ id: 'd-1', scope: 'source-changes' }));

      expect(await census.deadLetterCount('prod-to-test')).toBe(2);
      expect(await census.deadLetterCount('source-changes')).toBe(1);
      expect(await census.deadLetterCount('quiet-sync')).toBe(0);
    });
  });
}
