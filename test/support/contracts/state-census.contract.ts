import { describe, expect, it } from 'vitest';
import type { DeadLetterStore, LinkStore, ProvisioningLog } from '../../../src/app/ports.js';
import type { StateCensus } from '../../../src/app/safety-ports.js';
import { aFixedClock, type StoreFactory } from './store-factory.js';
import { aDeadLetter, aLink, aLogEntry } from './state-samples.js';
import { userId } from './safety-samples.js';

/** A census with the link and dead-letter stores it counts. */
export interface CensusUnderTest {
  readonly census: StateCensus;
  readonly links: LinkStore;
  readonly deadLetters: DeadLetterStore;
  readonly provisioningLog: ProvisioningLog;
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

    it('counts every failure of one sync since a time, however many other entries it logged', async () => {
      const { census, provisioningLog } = await newStore();
      const at = (minutesAgo: number) => new Date(Date.parse('2025-03-01T12:00:00Z') - minutesAgo * 60_000);
      const entries = [
        ...Array.from({ length: 5 }, (_, n) => aLogEntry({ id: `s-${n}`, at: at(n).toISOString() })),
        aLogEntry({ id: 'f-1', outcome: 'failure', at: at(10).toISOString() }),
        // Logged in the day partition before: a window that reaches back over midnight reads both.
        aLogEntry({ id: 'f-2', outcome: 'failure', at: '2025-02-28T23:59:00.000Z' }),
        aLogEntry({ id: 'f-old', outcome: 'failure', at: at(90).toISOString() }),
        aLogEntry({ id: 'f-other', outcome: 'failure', syncId: 'other-sync', at: at(5).toISOString() }),
      ];
      for (const entry of entries) await provisioningLog.append(entry);

      expect(await census.failuresSince('prod-to-test', at(60))).toBe(1);
      expect(await census.failuresSince('prod-to-test', new Date('2025-02-28T23:30:00Z'))).toBe(3);
      expect(await census.failuresSince('prod-to-test', at(5))).toBe(0);
      expect(await census.failuresSince('quiet-sync', at(60))).toBe(0);
    });
  });
}
