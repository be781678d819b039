import { describe, expect, it } from 'vitest';
import type { JobRecord } from '../../src/app/control-ports.js';
import type { BrokerDeadLetterCount, BusInspector } from '../../src/app/safety-ports.js';
import { syncStatus } from '../../src/app/sync-status.js';
import { aLink, tenantIds } from '../support/builders.js';
import { aGuard, aRemoval, aSyncControl, userId } from '../support/contracts/safety-samples.js';
import { aCursor, aLogEntry, aSubscription } from '../support/contracts/state-samples.js';
import { aSafetyFixture, syncId } from '../support/safety-fixture.js';

function aJob(overrides: Partial<JobRecord>): JobRecord {
  return {
    id: 'job-1',
    kind: 'reconcile',
    status: 'succeeded',
    scope: {},
    requestedBy: 'timer',
    createdAt: '2026-01-05T08:00:00.000Z',
    startedAt: '2026-01-05T08:00:01.000Z',
    finishedAt: '2026-01-05T08:02:00.000Z',
    updatedAt: '2026-01-05T08:02:00.000Z',
    progress: { phase: 'done', done: 1, total: 1 },
    result: {},
    error: null,
    ...overrides,
  };
}

async function setup(bus: Partial<BusInspector> = {}) {
  const fixture = await aSafetyFixture();
  const { state } = fixture;
  const status = () =>
    syncStatus({
      topology: fixture.topology,
      controls: state.syncControls,
      guards: state.guards,
      census: state.census,
      cursors: state.cursors,
      subscriptions: state.subscriptions,
      jobs: state.jobs,
      clock: fixture.clock,
      bus: {
        deadLetterCounts: () => Promise.resolve([]),
        targetBacklog: () => Promise.resolve(null),
        resubmitDeadLetters: () => Promise.resolve(0),
        ...bus,
      },
    });
  return { ...fixture, status };
}

describe('syncStatus', () => {
  it('reports a quiet sync as healthy with its links, drain, subscription and no errors', async () => {
    const { status, state } = await setup();
    await state.links.save(aLink({ syncId, sourceUserId: userId(1) }), null);
    await state.links.save(aLink({ syncId, sourceUserId: userId(2), state: 'disabled' }), null);
    await state.cursors.save(
      aCursor({ sourceTenantId: tenantIds.contoso, updatedAt: '2026-01-05T08:59:00.000Z' }),
      null,
    );
    await state.subscriptions.save(
      aSubscription({ id: 'sub-late', tenantId: tenantIds.contoso, expiresAt: '2026-01-07T00:00:00.000Z' }),
    );
    await state.subscriptions.save(
      aSubscription({ id: 'sub-soon', tenantId: tenantIds.contoso, expiresAt: '2026-01-06T00:00:00.000Z' }),
    );

    const report = await status();

    expect(report).toMatchObject({ generatedAt: '2026-01-05T09:00:00.000Z', topologyVersion: 1 });
    expect(report.syncs).toEqual([
      {
        syncId,
        from: 'contoso',
        to: 'fabrikam',
        sourceTenantId: tenantIds.contoso,
        targetTenantId: tenantIds.fabrikam,
        state: 'healthy',
        pause: null,
        quarantine: null,
        guard: null,
        links: { active: 1, disabled: 1, deleted: 0, absent: 0 },
        lastDrain: '2026-01-05T08:59:00.000Z',
        lastReconcile: null,
        subscription: { id: 'sub-soon', expiresAt: '2026-01-06T00:00:00.000Z' },
        backlog: null,
        deadLetters: { parked: 0, broker: 0 },
        errorsLastHour: 0,
      },
    ]);
  });

  it('names the state: paused before quarantined before guarded, with the details of each', async () => {
    const { status, state } = await setup();
    await state.guards.save(aGuard({ syncId }), null);
    await state.guards.hold(aGuard().id, [aRemoval(userId(1), { syncId }), aRemoval(userId(2), { syncId })]);
    const control = aSyncControl({ syncId });
    const etag = await state.syncControls.save(control, null);
    expect((await status()).syncs[0]).toMatchObject({
      state: 'paused',
      pause: control.pause,
      quarantine: control.quarantine,
    });

    const etag2 = await state.syncControls.save({ ...control, pause: null }, etag);
    expect((await status()).syncs[0]?.state).toBe('quarantined');

    await state.syncControls.save({ ...control, pause: null, quarantine: null }, etag2);
    expect((await status()).syncs[0]).toMatchObject({
      state: 'guarded',
      guard: { id: aGuard().id, held: 2, limit: 5, trigger: 'notifications' },
    });
  });

  it('counts failures of the last hour, dead letters parked and in the broker, and the backlog', async () => {
    const { status, state } = await setup({
      deadLetterCounts: () =>
        Promise.resolve<BrokerDeadLetterCount[]>([
          { entity: 'source-changes', targetTenantId: null, total: 4, bySync: {} },
          {
            entity: 't/Subscriptions/target-fabrikam',
            targetTenantId: tenantIds.fabrikam,
            total: 3,
            bySync: { [syncId]: 2, other: 1 },
          },
        ]),
      targetBacklog: () => Promise.resolve({ [syncId]: 7 }),
    });
    await state.provisioningLog.append(
      aLogEntry({ id: 'e1', syncId, outcome: 'failure', at: '2026-01-05T08:30:00.000Z' }),
    );
    await state.provisioningLog.append(
      aLogEntry({ id: 'e2', syncId, outcome: 'failure', at: '2026-01-05T07:30:00.000Z' }),
    );
    await state.provisioningLog.append(
      aLogEntry({ id: 'e3', syncId, outcome: 'success', at: '2026-01-05T08:40:00.000Z' }),
    );
    await state.deadLetters.put({
      id: 'm',
      scope: syncId,
      body: {},
      reasonCode: 'X',
      description: 'x',
      at: '2026-01-05T08:00:00.000Z',
    });

    const report = await status();

    expect(report.syncs[0]).toMatchObject({
      errorsLastHour: 1,
      backlog: 7,
      deadLetters: { parked: 1, broker: 2 },
    });
    expect(report.sourceChanges).toEqual({ deadLetters: { parked: 0, broker: 4 } });
  });

  it('counts every failure of the last hour on a busy sync, however many successes came after', async () => {
    const { status, state } = await setup();
    for (const id of ['f1', 'f2']) {
      await state.provisioningLog.append(
        aLogEntry({ id, syncId, outcome: 'failure', at: '2026-01-05T08:10:00.000Z' }),
      );
    }
    for (let n = 0; n < 1001; n++) {
      const at = new Date(Date.parse('2026-01-05T08:20:00.000Z') + n * 1000).toISOString();
      await state.provisioningLog.append(aLogEntry({ id: `s${n}`, syncId, at }));
    }

    expect((await status()).syncs[0]?.errorsLastHour).toBe(2);
  });

  it('takes the newest reconcile job that covered the sync as its last reconcile', async () => {
    const { status, state } = await setup();
    await state.jobs.create(
      aJob({ id: 'other', scope: { syncId: 'other-sync' }, createdAt: '2026-01-05T08:50:00.000Z' }),
    );
    await state.jobs.create(
      aJob({
        id: 'mine',
        scope: { sourceTenantId: tenantIds.contoso },
        status: 'running',
        finishedAt: null,
        createdAt: '2026-01-05T08:40:00.000Z',
      }),
    );
    await state.jobs.create(aJob({ id: 'all', createdAt: '2026-01-05T08:00:00.000Z' }));

    expect((await status()).syncs[0]?.lastReconcile).toEqual({
      jobId: 'mine',
      status: 'running',
      at: '2026-01-05T08:00:01.000Z',
    });
  });

  it('reports no syncs before a topology is applied', async () => {
    const fixture = await aSafetyFixture();
    const empty = await syncStatus({
      topology: { current: () => Promise.resolve(null), invalidate: () => undefined },
      controls: fixture.state.syncControls,
      guards: fixture.state.guards,
      census: fixture.state.census,
      cursors: fixture.state.cursors,
      subscriptions: fixture.state.subscriptions,
      jobs: fixture.state.jobs,
      clock: fixture.clock,
      bus: {
        deadLetterCounts: () => Promise.resolve([]),
        targetBacklog: () => Promise.resolve(null),
        resubmitDeadLetters: () => Promise.resolve(0),
      },
    });
    expect(empty).toMatchObject({ topologyVersion: null, syncs: [] });
  });
});
