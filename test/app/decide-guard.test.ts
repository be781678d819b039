import { describe, expect, it } from 'vitest';
import { createDeletionGuard } from '../../src/app/deletion-guard.js';
import { decideGuard, listGuards } from '../../src/app/decide-guard.js';
import { aRemoval, userId } from '../support/contracts/safety-samples.js';
import { aSafetyFixture, syncId } from '../support/safety-fixture.js';

/** A fixture whose sync has a pending guard holding the removals of users 2 and 3 (threshold 1). */
async function withPendingGuard() {
  const fixture = await aSafetyFixture({ deletionThreshold: 1 });
  const { state, clock, logger, topology } = fixture;
  const guard = createDeletionGuard({
    controls: state.syncControls,
    counters: state.syncCounters,
    guards: state.guards,
    census: state.census,
    topology,
    clock,
    logger,
    linkCounts: new Map(),
  });
  for (const n of [1, 2, 3]) await guard.admitRemoval(aRemoval(userId(n), { syncId }));
  const [pending] = await state.guards.list();
  if (!pending) throw new Error('the guard did not trip');
  const deps = {
    guards: state.guards,
    controls: state.syncControls,
    counters: state.syncCounters,
    queue: fixture.queue,
    provisioningLog: state.provisioningLog,
    clock,
    logger,
  };
  return { ...fixture, guard, guardId: pending.id, deps };
}

describe('decideGuard', () => {
  it('republishes the held removals as released by the operator, and removals flow again', async () => {
    const { guard, guardId, deps, queue, state } = await withPendingGuard();

    const result = await decideGuard(guardId, 'approve', 'admin-api:alice', deps);

    expect(result).toMatchObject({ kind: 'decided', released: 2, discarded: 0 });
    expect(result.kind === 'decided' && result.guard).toMatchObject({
      state: 'approved',
      decidedBy: 'admin-api:alice',
      decidedAt: '2026-01-05T09:00:00.000Z',
    });
    expect(queue.targetChanges.map((change) => change.sourceUserId)).toEqual([userId(2), userId(3)]);
    expect(queue.targetChanges.every((c) => c.origin === 'operator' && c.attempt === 0)).toBe(true);
    expect(new Set(queue.targetChanges.map((c) => c.replayId)).size).toBe(1);
    expect(await state.guards.countHeld(guardId)).toBe(0);
    expect((await state.syncControls.get(syncId))?.value.pendingGuardId).toBeNull();
    // The window starts afresh: the next leaver is admitted.
    expect(await guard.admitRemoval(aRemoval(userId(4), { syncId }))).toEqual({ kind: 'allowed' });
  });

  it('discards the held removals on reject and logs each as skipped by the operator', async () => {
    const { guardId, deps, queue, state } = await withPendingGuard();

    const result = await decideGuard(guardId, 'reject', 'admin-api:bob', deps);

    expect(result).toMatchObject({
      kind: 'decided',
      released: 0,
      discarded: 2,
      guard: { state: 'rejected' },
    });
    expect(queue.targetChanges).toEqual([]);
    const log = await state.provisioningLog.query({ since: new Date(0), syncId });
    expect(log.map((entry) => [entry.sourceUserId, entry.action, entry.outcome, entry.reason])).toEqual(
      expect.arrayContaining([
        [userId(2), 'disable', 'skipped', 'removal rejected by operator'],
        [userId(3), 'disable', 'skipped', 'removal rejected by operator'],
      ]),
    );
    expect(await state.guards.countHeld(guardId)).toBe(0);
  });

  it('leaves a veto per kept user on reject, so the same removals are never applied or counted again', async () => {
    const { guard, guardId, deps, state } = await withPendingGuard();

    await decideGuard(guardId, 'reject', 'admin-api:bob', deps);

    expect(await state.guards.listVetoes(syncId)).toEqual(
      [2, 3].map((n) => ({
        syncId,
        sourceUserId: userId(n),
        sourceVersion: 4,
        guardId,
        decidedAt: '2026-01-05T09:00:00.000Z',
        decidedBy: 'admin-api:bob',
      })),
    );
    // The drain sends one again (a retry) and a reconcile run plans both: neither is applied.
    expect(await guard.admitRemoval(aRemoval(userId(2), { syncId, attempt: 1 }))).toEqual({
      kind: 'vetoed',
      guardId,
    });
    const run = [2, 3].map((n) => aRemoval(userId(n), { syncId, origin: 'reconcile' }));
    expect(await guard.admitRemovals(syncId, run)).toEqual({
      kind: 'allowed',
      vetoed: [2, 3].map((n) => ({ sourceUserId: userId(n), guardId })),
    });
    expect(await state.guards.list({ state: 'pending' })).toEqual([]);
  });

  it('answers not-found for an unknown guard', async () => {
    const { deps } = await withPendingGuard();
    expect(await decideGuard('66666666-6666-4666-8666-999999999999', 'approve', 'x', deps)).toEqual({
      kind: 'not-found',
    });
  });

  it('refuses to approve a rejected guard (and the other way round) as a conflict', async () => {
    const { guardId, deps, queue } = await withPendingGuard();
    await decideGuard(guardId, 'reject', 'admin-api:bob', deps);

    const result = await decideGuard(guardId, 'approve', 'admin-api:alice', deps);

    expect(result).toMatchObject({ kind: 'conflict', guard: { state: 'rejected' } });
    expect(result.kind === 'conflict' && result.message).toMatch(/already rejected by admin-api:bob/);
    expect(queue.targetChanges).toEqual([]);
  });

  it('finishes an approval again without republishing anything twice under a new id', async () => {
    const { guardId, deps, queue } = await withPendingGuard();
    await decideGuard(guardId, 'approve', 'a', deps);
    const again = await decideGuard(guardId, 'approve', 'a', deps);

    expect(again).toMatchObject({ kind: 'decided', released: 0 });
    expect(queue.targetChanges).toHaveLength(2);
  });
});

describe('listGuards', () => {
  it('lists guards with the removals each holds', async () => {
    const { state, guardId } = await withPendingGuard();
    expect(await listGuards(state.guards, { state: 'pending' })).toEqual([
      expect.objectContaining({ id: guardId, syncId, held: 2 }),
    ]);
    expect(await listGuards(state.guards, { syncId: 'other' })).toEqual([]);
  });
});
