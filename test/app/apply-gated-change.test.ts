import { describe, expect, it } from 'vitest';
import { applyGatedChange } from '../../src/app/apply-gated-change.js';
import type { TargetChange } from '../../src/app/messages.js';
import { createSafetyServices } from '../../src/app/safety-services.js';
import { SyncError } from '../../src/core/sync-errors.js';
import {
  aDesiredState,
  aLink,
  aTargetUser,
  sourceUserId,
  targetUserId,
  tenantIds,
  testAnchorAttribute,
} from '../support/builders.js';
import { createFakeDirectoryProvider } from '../support/fakes/fake-user-directory.js';
import { aSafetyFixture, syncId } from '../support/safety-fixture.js';

const base = {
  syncId,
  sourceTenantId: tenantIds.contoso,
  sourceUserId,
  targetTenantId: tenantIds.fabrikam,
  sourceVersion: 4,
  removalPolicy: { mode: 'disable', deleteAfterDays: 30 },
  correlationId: 'c-1',
  attempt: 0,
} as const;
const upsert: TargetChange = { ...base, kind: 'upsert', desired: aDesiredState({ department: 'Legal' }) };
const removal: TargetChange = { ...base, kind: 'remove', reason: 'out-of-scope' };

async function setup(options: { deletionThreshold?: number } = {}) {
  const fixture = await aSafetyFixture({ ...options, policy: { minAttempts: 2 } });
  const { state, clock, logger, topology, queue, policy } = fixture;
  const directories = createFakeDirectoryProvider(testAnchorAttribute);
  const target = directories.get(tenantIds.fabrikam);
  target.addUser(aTargetUser().attributes, targetUserId);
  await state.links.save(aLink({ syncId }), null);
  const safety = createSafetyServices({
    controls: state.syncControls,
    counters: state.syncCounters,
    guards: state.guards,
    census: state.census,
    cursors: state.cursors,
    subscriptions: state.subscriptions,
    provisioningLog: state.provisioningLog,
    deadLetters: state.deadLetters,
    jobs: state.jobs,
    topology,
    queue,
    bus: {
      deadLetterCounts: () => Promise.resolve([]),
      targetBacklog: () => Promise.resolve(null),
      resubmitDeadLetters: () => Promise.resolve(0),
    },
    clock,
    policy,
  });
  const applyDeps = {
    links: state.links,
    directories,
    provisioningLog: state.provisioningLog,
    clock,
    logger,
    anchorAttribute: testAnchorAttribute,
  };
  const apply = (change: TargetChange) =>
    applyGatedChange(change, {
      ...applyDeps,
      gate: safety.gate(logger),
      removalGuard: safety.removalGuard(logger),
    });
  const log = () => state.provisioningLog.query({ since: new Date(0), syncId });
  return { ...fixture, safety, target, apply, log };
}

describe('applyGatedChange', () => {
  it('applies the change of an open sync', async () => {
    const { apply, target } = await setup();
    const outcome = await apply(upsert);
    expect(outcome).toMatchObject({ plan: { action: 'update' } });
    expect(target.users.get(targetUserId)?.department).toBe('Legal');
  });

  it('skips every change of a paused sync without touching the target, and logs why', async () => {
    const { apply, target, safety, logger, log } = await setup();
    await safety.pause(syncId, { by: 'admin-api:alice', reason: null }, logger);

    const outcome = await apply(upsert);

    expect(outcome).toEqual({ skipped: 'paused', reason: 'sync paused' });
    expect(target.calls).toEqual([]);
    expect(await log()).toEqual([
      expect.objectContaining({ action: 'none', outcome: 'skipped', reason: 'sync paused', graphWrites: 0 }),
    ]);
  });

  it('quarantines a sync whose target keeps refusing, then skips its changes until the probe', async () => {
    const { apply, target, log, clock, queue } = await setup();
    for (let i = 0; i < 2; i++) {
      target.failNext('updateUser', new SyncError('GRAPH.FORBIDDEN', 'Insufficient privileges'));
      await expect(apply(upsert)).rejects.toMatchObject({ code: 'GRAPH.FORBIDDEN' });
    }

    const skipped = await apply(upsert);

    expect(skipped).toEqual({
      skipped: 'quarantined',
      reason: 'sync quarantined until 2026-01-05T09:01:00.000Z',
    });
    expect((await log()).filter((entry) => entry.outcome === 'skipped')).toEqual([
      expect.objectContaining({ reason: 'sync quarantined until 2026-01-05T09:01:00.000Z' }),
    ]);
    clock.advance(60_000);
    expect(await apply(upsert)).toMatchObject({ plan: { action: 'update' } });
    // The probe succeeded: the sync is released and a full round redoes what was skipped.
    expect(queue.drains).toEqual([
      expect.objectContaining({
        sourceTenantId: tenantIds.contoso,
        reason: 'resync',
        resetSyncIds: [syncId],
      }),
    ]);
    expect(
      await apply({ ...upsert, sourceVersion: 5, desired: aDesiredState({ department: 'Sales' }) }),
    ).toMatchObject({
      plan: { action: 'update' },
    });
  });

  it('does not quarantine a sync for throttling', async () => {
    const { apply, target } = await setup();
    for (let i = 0; i < 4; i++) {
      target.failNext('updateUser', new SyncError('GRAPH.THROTTLED', 'slow down', { retryable: true }));
      await expect(apply(upsert)).rejects.toMatchObject({ code: 'GRAPH.THROTTLED' });
    }
    expect(await apply(upsert)).toMatchObject({ plan: { action: 'update' } });
  });

  it('holds a removal the deletion guard holds: no Graph call, a skipped entry naming the guard', async () => {
    const { apply, target, log, state } = await setup({ deletionThreshold: 1 });
    const batch = { id: 'rb-1', size: 2 };

    const outcome = await apply({ ...removal, removalBatch: batch });

    const [guard] = await state.guards.list();
    expect(outcome).toMatchObject({ heldBy: guard?.id, plan: { action: 'disable' } });
    expect(target.writes.total()).toBe(0);
    expect(target.users.get(targetUserId)?.accountEnabled).not.toBe(false);
    expect((await log())[0]).toMatchObject({
      action: 'disable',
      outcome: 'skipped',
      reason: `held by deletion guard ${guard?.id ?? ''}`,
      targetUserId,
    });
    expect((await state.links.get(syncId, sourceUserId))?.value.state).toBe('active');
  });

  it('applies a removal the guard admits', async () => {
    const { apply, target } = await setup({ deletionThreshold: 5 });
    expect(await apply(removal)).toMatchObject({ plan: { action: 'disable' } });
    expect(target.users.get(targetUserId)?.accountEnabled).toBe(false);
  });

  it('skips a removal an operator rejected before: no Graph call, a skipped entry naming the guard', async () => {
    const { apply, target, log, state } = await setup({ deletionThreshold: 5 });
    const guardId = '66666666-6666-4666-8666-000000000009';
    await state.guards.saveVetoes([
      {
        syncId,
        sourceUserId,
        sourceVersion: 4,
        guardId,
        decidedAt: '2026-01-05T08:00:00.000Z',
        decidedBy: 'admin-api:bob',
      },
    ]);

    const outcome = await apply(removal);

    expect(outcome).toMatchObject({ vetoedBy: guardId, plan: { action: 'disable' } });
    expect(target.writes.total()).toBe(0);
    expect((await log())[0]).toMatchObject({
      action: 'disable',
      outcome: 'skipped',
      reason: `removal rejected by operator in guard ${guardId}`,
      targetUserId,
    });
    expect((await state.links.get(syncId, sourceUserId))?.value.state).toBe('active');
  });
});
