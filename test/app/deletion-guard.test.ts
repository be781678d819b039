import { describe, expect, it } from 'vitest';
import type { RemovalVeto } from '../../src/app/control-ports.js';
import { createDeletionGuard } from '../../src/app/deletion-guard.js';
import type { TargetChange } from '../../src/app/messages.js';
import { aLink } from '../support/builders.js';
import { aRemoval, userId } from '../support/contracts/safety-samples.js';
import { aSafetyFixture, syncId } from '../support/safety-fixture.js';

async function setup(deletionThreshold: number | string) {
  const fixture = await aSafetyFixture({ deletionThreshold });
  const linkCounts = new Map<string, { count: number; at: number }>();
  const guard = () =>
    createDeletionGuard({
      controls: fixture.state.syncControls,
      counters: fixture.state.syncCounters,
      guards: fixture.state.guards,
      census: fixture.state.census,
      topology: fixture.topology,
      clock: fixture.clock,
      logger: fixture.logger,
      linkCounts,
    });
  return { ...fixture, guard };
}

const removal = (n: number, overrides: Partial<TargetChange> = {}): TargetChange =>
  aRemoval(userId(n), { syncId, ...overrides });

const rejectedGuardId = '66666666-6666-4666-8666-000000000009';

/** A veto an operator left on user `n` by rejecting a removal at `sourceVersion` (4, as `aRemoval`'s). */
const veto = (n: number, sourceVersion = 4): RemovalVeto => ({
  syncId,
  sourceUserId: userId(n),
  sourceVersion,
  guardId: rejectedGuardId,
  decidedAt: '2026-01-05T08:00:00.000Z',
  decidedBy: 'admin-api:bob',
});

describe('createDeletionGuard', () => {
  it('allows removals up to the threshold in a rolling hour and holds the next one', async () => {
    const { guard, state } = await setup(3);
    const verdicts = [];
    for (let n = 1; n <= 4; n++) verdicts.push(await guard().admitRemoval(removal(n)));

    expect(verdicts.slice(0, 3)).toEqual([{ kind: 'allowed' }, { kind: 'allowed' }, { kind: 'allowed' }]);
    expect(verdicts[3]).toMatchObject({ kind: 'held' });
    const [pending] = await state.guards.list({ state: 'pending' });
    expect(pending).toMatchObject({
      syncId,
      trigger: 'notifications',
      limit: 3,
      admittedInWindow: 3,
      requested: 1,
    });
    expect((await state.guards.held(pending?.id ?? '')).map((c) => c.sourceUserId)).toEqual([userId(4)]);
  });

  it('counts afresh once the admitted removals are more than an hour old', async () => {
    const { guard, clock } = await setup(2);
    await guard().admitRemoval(removal(1));
    await guard().admitRemoval(removal(2));
    clock.advance(61 * 60_000);

    expect(await guard().admitRemoval(removal(3))).toEqual({ kind: 'allowed' });
  });

  it('takes a percentage of the linked users (active or disabled) as the threshold', async () => {
    const { guard, state } = await setup('10%');
    const states = ['active', 'disabled', 'deleted', 'absent'] as const;
    for (let n = 1; n <= 60; n++) {
      // 30 active, 10 disabled, 10 deleted, 10 absent: 40 linked users in the target, so 10 % is 4.
      const linkState = n <= 30 ? 'active' : (states[Math.floor((n - 31) / 10) + 1] ?? 'absent');
      await state.links.save(aLink({ syncId, sourceUserId: userId(n), state: linkState }), null);
    }
    const verdicts = [];
    for (let n = 1; n <= 5; n++) verdicts.push((await guard().admitRemoval(removal(n))).kind);

    expect(verdicts).toEqual(['allowed', 'allowed', 'allowed', 'allowed', 'held']);
  });

  it('holds a whole drain batch that would exceed the threshold, applying none of it', async () => {
    const { guard, state } = await setup(3);
    const batch = { id: 'rb-scope-change', size: 5 };
    const verdicts = [];
    for (let n = 1; n <= 5; n++)
      verdicts.push(await guard().admitRemoval(removal(n, { removalBatch: batch })));

    expect(verdicts.every((verdict) => verdict.kind === 'held')).toBe(true);
    const [pending] = await state.guards.list();
    expect(pending).toMatchObject({ requested: 5, admittedInWindow: 0 });
    expect(await state.guards.countHeld(pending?.id ?? '')).toBe(5);
  });

  it('admits a batch within the threshold once, whichever of its removals asks first', async () => {
    const { guard } = await setup(3);
    const batch = { id: 'rb-small', size: 3 };
    const verdicts = await Promise.all(
      [1, 2, 3].map((n) => guard().admitRemoval(removal(n, { removalBatch: batch }))),
    );

    expect(verdicts).toEqual([{ kind: 'allowed' }, { kind: 'allowed' }, { kind: 'allowed' }]);
    expect(await guard().admitRemoval(removal(4))).toMatchObject({ kind: 'held' });
  });

  it('holds every later removal of the sync under the pending guard, and only one guard is opened', async () => {
    const { guard, state } = await setup(1);
    const verdicts = await Promise.all(
      [2, 3, 4, 5].map((n) => guard().admitRemoval(removal(n, { removalBatch: { id: 'rb-x', size: 4 } }))),
    );
    const later = await guard().admitRemoval(removal(9));

    const guards = await state.guards.list();
    expect(guards).toHaveLength(1);
    const guardId = guards[0]?.id;
    expect([...verdicts, later]).toEqual(Array.from({ length: 5 }, () => ({ kind: 'held', guardId })));
    expect(await state.guards.countHeld(guardId ?? '')).toBe(5);
  });

  it('lets removals an operator released or a reconcile run admitted through without counting them', async () => {
    const { guard } = await setup(1);
    for (let n = 1; n <= 3; n++) {
      expect(await guard().admitRemoval(removal(n, { origin: 'operator' }))).toEqual({ kind: 'allowed' });
      expect(await guard().admitRemoval(removal(n + 10, { origin: 'reconcile' }))).toEqual({
        kind: 'allowed',
      });
    }
    expect(await guard().admitRemoval(removal(20))).toEqual({ kind: 'allowed' });
  });

  it('holds all of a reconcile run when it would remove more than the threshold, and none otherwise', async () => {
    const { guard, state } = await setup(3);
    const small = [1, 2, 3].map((n) => removal(n, { origin: 'reconcile' }));
    const large = [4, 5, 6, 7].map((n) => removal(n, { origin: 'reconcile' }));

    expect(await guard().admitRemovals(syncId, small)).toEqual({ kind: 'allowed', vetoed: [] });
    expect(await guard().admitRemovals(syncId, [])).toEqual({ kind: 'allowed', vetoed: [] });
    const verdict = await guard().admitRemovals(syncId, large);

    expect(verdict).toMatchObject({ kind: 'held' });
    const [pending] = await state.guards.list();
    expect(pending).toMatchObject({ trigger: 'reconcile', requested: 4, limit: 3 });
    expect(await state.guards.countHeld(pending?.id ?? '')).toBe(4);
  });

  it('lets removals of a sync that is not in the topology through', async () => {
    const { guard } = await setup(1);
    for (let n = 1; n <= 3; n++) {
      expect(await guard().admitRemoval(removal(n, { syncId: 'gone-sync' }))).toEqual({ kind: 'allowed' });
    }
  });

  it('decides again when the pending guard was decided while a removal was being held', async () => {
    const { guard, state } = await setup(1);
    await guard().admitRemoval(removal(1));
    const held = await guard().admitRemoval(removal(2));
    const guardId = held.kind === 'held' ? held.guardId : '';
    const stored = await state.guards.get(guardId);
    if (!stored) throw new Error('no guard');
    await state.guards.save({ ...stored.value, state: 'approved' }, stored.etag);

    // The control row still points at the approved guard: the removal is not lost in it.
    const verdict = await guard().admitRemoval(removal(3));

    expect(verdict).toMatchObject({ kind: 'held' });
    expect(verdict).not.toEqual({ kind: 'held', guardId });
    expect(await state.guards.countHeld(guardId)).toBe(1);
  });

  it('skips a removal an operator rejected at its version or a newer one, without counting it', async () => {
    const { guard, state } = await setup(1);
    await state.guards.saveVetoes([veto(1)]);

    expect(await guard().admitRemoval(removal(1))).toEqual({ kind: 'vetoed', guardId: rejectedGuardId });
    expect(await guard().admitRemoval(removal(1, { sourceVersion: 3, attempt: 2 }))).toEqual({
      kind: 'vetoed',
      guardId: rejectedGuardId,
    });
    // Nothing was charged to the rolling hour: the next leaver still fits under a threshold of 1.
    expect(await guard().admitRemoval(removal(2))).toEqual({ kind: 'allowed' });
    expect(await state.guards.list()).toEqual([]);
  });

  it('decides a removal at a newer version afresh (the person changed since) and forgets the veto', async () => {
    const { guard, state } = await setup(1);
    await state.guards.saveVetoes([veto(1)]);

    expect(await guard().admitRemoval(removal(1, { sourceVersion: 6 }))).toEqual({ kind: 'allowed' });
    expect(await state.guards.getVeto(syncId, userId(1))).toBeNull();
  });

  it('keeps the veto for a removal the drain only republished, and moves it on to that version', async () => {
    const { guard, state } = await setup(1);
    await state.guards.saveVetoes([veto(1)]);

    const verdict = await guard().admitRemoval(removal(1, { sourceVersion: 6, republished: true }));

    expect(verdict).toEqual({ kind: 'vetoed', guardId: rejectedGuardId });
    expect(await state.guards.getVeto(syncId, userId(1))).toMatchObject({ sourceVersion: 6 });
  });

  it('leaves the users an operator kept out of a reconcile run before counting, and names them', async () => {
    const { guard, state } = await setup(2);
    await state.guards.saveVetoes([veto(1), veto(2), veto(3), veto(4, 2)]);
    // Users 1–3 were kept at this version; user 4 changed since (version 5); user 5 just left.
    const changes = [1, 2, 3].map((n) => removal(n, { origin: 'reconcile' }));
    changes.push(removal(4, { origin: 'reconcile', sourceVersion: 5 }), removal(5, { origin: 'reconcile' }));

    const verdict = await guard().admitRemovals(syncId, changes);

    expect(verdict).toEqual({
      kind: 'allowed',
      vetoed: [1, 2, 3].map((n) => ({ sourceUserId: userId(n), guardId: rejectedGuardId })),
    });
    expect(await state.guards.list()).toEqual([]);
    expect(await guard().admitRemovals(syncId, changes.slice(0, 3))).toMatchObject({ kind: 'allowed' });
  });

  it('vetoes a removal held under a guard that an operator rejects meanwhile', async () => {
    const { guard, state } = await setup(1);
    await guard().admitRemoval(removal(1));
    const held = await guard().admitRemoval(removal(2));
    const guardId = held.kind === 'held' ? held.guardId : '';
    const stored = await state.guards.get(guardId);
    if (!stored) throw new Error('no guard');
    await state.guards.save({ ...stored.value, state: 'rejected', decidedBy: 'admin-api:bob' }, stored.etag);

    // The control row still points at the rejected guard when the next removal comes in.
    const verdict = await guard().admitRemoval(removal(3));

    expect(verdict).toEqual({ kind: 'vetoed', guardId });
    expect(await state.guards.getVeto(syncId, userId(3))).toMatchObject({ guardId, sourceVersion: 4 });
    expect((await state.syncControls.get(syncId))?.value.pendingGuardId).toBeNull();
  });
});
