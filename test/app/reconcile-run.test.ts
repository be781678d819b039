import { describe, expect, it } from 'vitest';
import { renewBeforeMs, subscriptionLifetimeMs } from '../../src/app/maintain-subscriptions.js';
import { acquireLease } from '../../src/app/reconcile-lease.js';
import { runReconcile } from '../../src/app/reconcile-run.js';
import { sourceReadingHash } from '../../src/app/source-reading-hash.js';
import { formatAnchor } from '../../src/core/anchors.js';
import { SyncError } from '../../src/core/sync-errors.js';
import type { Topology } from '../../src/core/topology/topology.js';
import { aSync, tenantIds, testAnchorAttribute } from '../support/builders.js';
import { aPerson, reconcileWorld } from './reconcile-fixture.js';

describe('runReconcile', () => {
  it('subscribes a source tenant without a subscription and enqueues one catch-up drain per source', async () => {
    const world = reconcileWorld();
    await world.sourceRead();

    const report = await runReconcile({ runId: 'run-1' }, world.deps);
    expect(report.sources).toMatchObject([
      { tenantId: world.sync.fromTenantId, subscription: 'created', drainEnqueued: true },
    ]);
    expect(world.liveSubscriptions.size).toBe(1);
    expect(world.queue.drains).toMatchObject([
      { kind: 'drain', sourceTenantId: world.sync.fromTenantId, reason: 'reconcile', correlationId: 'run-1' },
    ]);
  });

  it('recreates a subscription Graph lost while xtsync still had it on record', async () => {
    const world = reconcileWorld();
    await world.sourceRead();
    await runReconcile({ runId: 'run-1' }, world.deps);
    const [first] = await world.state.subscriptions.listByTenant(world.sync.fromTenantId);
    world.liveSubscriptions.clear();

    const report = await runReconcile({ runId: 'run-2' }, world.deps);
    expect(report.sources[0]).toMatchObject({ subscription: 'recreated' });
    const [second] = await world.state.subscriptions.listByTenant(world.sync.fromTenantId);
    expect(second?.id).not.toBe(first?.id);
    expect(world.liveSubscriptions.has(second?.id ?? '')).toBe(true);
  });

  it('renews a subscription well before it expires and keeps a fresh one as it is', async () => {
    const world = reconcileWorld();
    await world.sourceRead();
    await runReconcile({ runId: 'run-1' }, world.deps);
    expect((await runReconcile({ runId: 'run-2' }, world.deps)).sources[0]).toMatchObject({
      subscription: 'kept',
    });
    world.clock.advance(subscriptionLifetimeMs - renewBeforeMs + 60_000);
    expect((await runReconcile({ runId: 'run-3' }, world.deps)).sources[0]).toMatchObject({
      subscription: 'renewed',
    });
  });

  it('reports a source tenant whose subscription or drain failed and still reconciles its syncs', async () => {
    const world = reconcileWorld();
    await world.sourceRead();
    const deps = {
      ...world.deps,
      gateway: { ...world.deps.gateway, list: () => Promise.reject(new Error('Graph is down')) },
    };
    world.queue.failWith(new Error('bus is down'));

    const report = await runReconcile({ runId: 'run-1' }, deps);
    expect(report.sources).toMatchObject([
      {
        subscription: 'failed',
        drainEnqueued: false,
        error: { code: 'UNEXPECTED', message: 'Graph is down' },
      },
    ]);
    expect(report.syncs).toMatchObject([{ status: 'done' }]);
  });

  it('skips a paused sync and a quarantined one, and lets a quarantine probe through', async () => {
    const world = reconcileWorld();
    await world.sourceRead();
    await world.mirror(aPerson());

    world.setGate(world.sync.id, { kind: 'paused', since: '2026-01-05T08:00:00.000Z' });
    expect((await runReconcile({ runId: 'run-1' }, world.deps)).syncs).toMatchObject([
      { status: 'skipped', reason: 'paused' },
    ]);
    world.setGate(world.sync.id, {
      kind: 'quarantined',
      retryAt: new Date('2026-01-05T10:00:00Z'),
      probe: false,
    });
    expect((await runReconcile({ runId: 'run-2' }, world.deps)).syncs).toMatchObject([
      { status: 'skipped', reason: 'quarantined' },
    ]);
    expect(world.queue.targetChanges).toEqual([]);

    world.setGate(world.sync.id, {
      kind: 'quarantined',
      retryAt: new Date('2026-01-05T08:00:00Z'),
      probe: true,
      probeToken: 'probe-1',
    });
    expect((await runReconcile({ runId: 'run-3' }, world.deps)).syncs).toMatchObject([
      { status: 'done', counts: { created: 1 } },
    ]);
    // A clean read of the target is the probe's success, reported with its token (a recovered target
    // with no traffic is released by the timer).
    expect(world.outcomes).toEqual([{ syncId: world.sync.id, outcome: 'success', probeToken: 'probe-1' }]);
  });

  it('reports a sync another run holds as busy and touches nothing of it', async () => {
    const world = reconcileWorld();
    await world.sourceRead();
    await world.mirror(aPerson());
    await acquireLease(`sync:${world.sync.id}`, 'job-running', { store: world.leases, clock: world.clock });

    const report = await runReconcile({ runId: 'run-2' }, world.deps);
    expect(report.syncs).toMatchObject([{ syncId: world.sync.id, status: 'skipped', reason: 'busy' }]);
    expect(report.syncs[0]).toMatchObject({ detail: expect.stringContaining('job-running') as unknown });
    expect(world.queue.targetChanges).toEqual([]);
  });

  it('gives the sync lease back when it is done, so the next run can start', async () => {
    const world = reconcileWorld();
    await world.sourceRead();
    await runReconcile({ runId: 'run-1' }, world.deps);
    const next = await acquireLease(`sync:${world.sync.id}`, 'run-2', {
      store: world.leases,
      clock: world.clock,
    });
    expect(next.kind).toBe('acquired');
  });

  it('reports one sync failing without stopping the run', async () => {
    const world = reconcileWorld();
    await world.sourceRead();
    world.target.failNext('listExternalUsers', new Error('boom'));
    const report = await runReconcile({ runId: 'run-1' }, world.deps);
    expect(report.syncs).toMatchObject([
      { status: 'failed', error: { code: 'UNEXPECTED', message: 'boom' } },
    ]);
    expect(report.sources).toHaveLength(1);
  });

  it('refuses a sync that is not in the active topology', async () => {
    const world = reconcileWorld();
    await expect(runReconcile({ runId: 'run-1', syncId: 'nope' }, world.deps)).rejects.toMatchObject({
      code: 'SYNC.UNKNOWN',
    });
  });

  it('reads a target tenant once per run for every sync into it, each sync taking its own people', async () => {
    const world = reconcileWorld();
    const fromNorthwind = aSync({
      id: 'northwind-to-fabrikam',
      from: 'northwind',
      fromTenantId: tenantIds.northwind,
    });
    const topology: Topology = { version: 1, tenants: [], syncs: [world.sync, fromNorthwind] };
    const deps = {
      ...world.deps,
      topology: { current: () => Promise.resolve({ version: 1, topology }), invalidate: () => undefined },
    };
    await world.sourceRead();
    await world.state.cursors.save(
      {
        sourceTenantId: tenantIds.northwind,
        link: 'https://graph.example/delta?token=n',
        roundComplete: true,
        selectHash: sourceReadingHash([fromNorthwind], testAnchorAttribute),
        roundId: 'round-n',
        roundIsFull: true,
        updatedAt: world.clock.now().toISOString(),
      },
      null,
    );
    const fromContoso = aPerson();
    await world.mirror(fromContoso);
    await world.link(fromContoso, world.addTargetUser(fromContoso));
    // A northwind person whose target user exists but whose mirror row and link were never written.
    world.target.addUser({
      creationType: 'Invitation',
      accountEnabled: true,
      [testAnchorAttribute]: formatAnchor(tenantIds.northwind, aPerson().id),
    });

    const report = await runReconcile({ runId: 'run-1' }, deps);
    expect(report.syncs).toMatchObject([
      { syncId: world.sync.id, status: 'done', counts: { unchanged: 1, disabled: 0 }, graph: { reads: 1 } },
      { syncId: fromNorthwind.id, status: 'done', counts: { disabled: 1, relinked: 1 } },
    ]);
    expect(world.target.calls.filter((call) => call.method === 'listExternalUsers')).toHaveLength(1);
  });

  it('goes on when its progress cannot be recorded', async () => {
    const world = reconcileWorld();
    await world.sourceRead();
    await world.mirror(aPerson());
    const report = await runReconcile({ runId: 'run-1' }, world.deps, () =>
      Promise.reject(new SyncError('STATE.UNAVAILABLE', 'The result does not fit one property.')),
    );
    expect(report.syncs).toMatchObject([{ status: 'done', counts: { created: 1 } }]);
    expect(world.log.entries.some((entry) => entry.message.startsWith('Could not record the progress'))).toBe(
      true,
    );
  });
});
