import { describe, expect, it } from 'vitest';
import type { DrainRequest } from '../../src/app/messages.js';
import { replayDeadLetters } from '../../src/app/replay-dead-letters.js';
import type { DeadLetterSourceRef } from '../../src/app/safety-ports.js';
import { tenantIds } from '../support/builders.js';
import { aRemoval, userId } from '../support/contracts/safety-samples.js';
import { aSafetyFixture, syncId } from '../support/safety-fixture.js';

async function setup() {
  const fixture = await aSafetyFixture();
  const resubmitted: DeadLetterSourceRef[] = [];
  const deps = {
    deadLetters: fixture.state.deadLetters,
    queue: fixture.queue,
    topology: fixture.topology,
    logger: fixture.logger,
    bus: {
      deadLetterCounts: () => Promise.resolve([]),
      targetBacklog: () => Promise.resolve(null),
      resubmitDeadLetters: (from: DeadLetterSourceRef) => {
        resubmitted.push(from);
        return Promise.resolve(2);
      },
    },
  };
  const park = (id: string, scope: string, body: unknown) =>
    fixture.state.deadLetters.put({
      id,
      scope,
      body,
      reasonCode: 'RETRIES_EXHAUSTED',
      description: 'x',
      at: '2026-01-05T08:00:00.000Z',
    });
  return { ...fixture, deps, resubmitted, park };
}

const drain: DrainRequest = {
  kind: 'drain',
  sourceTenantId: tenantIds.contoso,
  reason: 'notification',
  hintedUserIds: [],
  notifiedAt: '2026-01-05T08:00:00.000Z',
  attempt: 11,
  correlationId: 'corr-drain',
  dedupeKey: 'notification-1',
};

describe('replayDeadLetters', () => {
  it("republishes a sync's parked changes with a fresh attempt count and a new message id, then removes them", async () => {
    const { deps, park, queue, state, resubmitted } = await setup();
    await park('m-1', syncId, aRemoval(userId(1), { syncId, attempt: 11 }));
    await park('m-2', syncId, aRemoval(userId(2), { syncId, attempt: 11 }));

    const result = await replayDeadLetters({ syncId }, deps);

    expect(result).toEqual({ kind: 'replayed', parked: { replayed: 2, unreadable: 0 }, broker: 2 });
    expect(queue.targetChanges.map((change) => [change.sourceUserId, change.attempt])).toEqual([
      [userId(1), 0],
      [userId(2), 0],
    ]);
    expect(queue.targetChanges[0]?.replayId).toMatch(/^d[0-9a-f]{16}$/);
    expect(await state.deadLetters.list(syncId)).toEqual([]);
    expect(resubmitted).toEqual([{ kind: 'target', targetTenantId: tenantIds.fabrikam, syncId }]);
  });

  it('leaves letters that are not valid target changes of the sync where they are', async () => {
    const { deps, park, state } = await setup();
    await park('garbage', syncId, { not: 'a change' });
    await park('elsewhere', syncId, aRemoval(userId(1), { syncId: 'other-sync' }));

    const result = await replayDeadLetters({ syncId }, deps);

    expect(result).toMatchObject({ parked: { replayed: 0, unreadable: 2 } });
    expect((await state.deadLetters.list(syncId)).map((letter) => letter.id).sort()).toEqual([
      'elsewhere',
      'garbage',
    ]);
  });

  it('replays parked drain requests without their dedupe key, so the broker does not drop them', async () => {
    const { deps, park, queue, state, resubmitted } = await setup();
    await park('d:notification-1:a11', 'source-changes', drain);

    const result = await replayDeadLetters({ queue: 'source-changes' }, deps);

    expect(result).toMatchObject({ parked: { replayed: 1 }, broker: 2 });
    const [replayed] = queue.drains;
    expect(replayed).toMatchObject({ attempt: 0, sourceTenantId: tenantIds.contoso });
    expect(replayed?.dedupeKey).toBeUndefined();
    expect(replayed?.correlationId).toMatch(/^corr-drain:replay-d[0-9a-f]{16}$/);
    expect(await state.deadLetters.list('source-changes')).toEqual([]);
    expect(resubmitted).toEqual([{ kind: 'source-changes' }]);
  });

  it('refuses a sync that is not in the active topology', async () => {
    const { deps } = await setup();
    expect(await replayDeadLetters({ syncId: 'no-such-sync' }, deps)).toEqual({ kind: 'unknown-sync' });
  });
});
