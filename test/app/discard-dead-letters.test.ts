import { describe, expect, it } from 'vitest';
import { discardDeadLetters } from '../../src/app/discard-dead-letters.js';
import { aRemoval, userId } from '../support/contracts/safety-samples.js';
import { aSafetyFixture, syncId } from '../support/safety-fixture.js';

async function setup() {
  const fixture = await aSafetyFixture();
  const park = (id: string, scope: string) =>
    fixture.state.deadLetters.put({
      id,
      scope,
      body: aRemoval(userId(1), { syncId: scope === 'source-changes' ? syncId : scope }),
      reasonCode: 'RETRIES_EXHAUSTED',
      description: 'x',
      at: '2026-01-05T08:00:00.000Z',
    });
  const deps = { deadLetters: fixture.state.deadLetters, logger: fixture.logger };
  return { ...fixture, park, deps };
}

describe('discardDeadLetters', () => {
  it('deletes the letters parked for a sync no longer in the topology, without replaying them', async () => {
    const { park, deps, state, queue } = await setup();
    await park('m-1', 'removed-sync');
    await park('m-2', 'removed-sync');
    await park('m-3', syncId);

    const result = await discardDeadLetters({ syncId: 'removed-sync' }, deps);

    expect(result).toEqual({ kind: 'discarded', parked: 2 });
    expect(await state.census.deadLetterCount('removed-sync')).toBe(0);
    expect(await state.census.deadLetterCount(syncId)).toBe(1);
    expect(queue.targetChanges).toEqual([]);
  });

  it("deletes the drain queue's parked letters", async () => {
    const { park, deps, state } = await setup();
    await park('d-1', 'source-changes');

    expect(await discardDeadLetters({ queue: 'source-changes' }, deps)).toEqual({
      kind: 'discarded',
      parked: 1,
    });
    expect(await state.census.deadLetterCount('source-changes')).toBe(0);
  });
});
