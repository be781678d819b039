import { describe, expect, it } from 'vitest';
import { pauseSync, resumeSync } from '../../src/app/pause-sync.js';
import { tenantIds } from '../support/builders.js';
import { aSafetyFixture, syncId } from '../support/safety-fixture.js';

async function setup() {
  const fixture = await aSafetyFixture();
  const deps = {
    controls: fixture.state.syncControls,
    counters: fixture.state.syncCounters,
    topology: fixture.topology,
    queue: fixture.queue,
    clock: fixture.clock,
    logger: fixture.logger,
  };
  return { ...fixture, deps };
}

describe('pauseSync', () => {
  it('records who paused the sync, when and why', async () => {
    const { deps, state } = await setup();
    const result = await pauseSync(syncId, { by: 'admin-api:alice', reason: 'target migration' }, deps);

    const pause = { since: '2026-01-05T09:00:00.000Z', by: 'admin-api:alice', reason: 'target migration' };
    expect(result).toEqual({ kind: 'paused', syncId, pause, already: false });
    expect((await state.syncControls.get(syncId))?.value.pause).toEqual(pause);
  });

  it('keeps the first pause when paused again', async () => {
    const { deps, clock } = await setup();
    await pauseSync(syncId, { by: 'alice', reason: null }, deps);
    clock.advance(60_000);
    const again = await pauseSync(syncId, { by: 'bob', reason: 'again' }, deps);
    expect(again).toMatchObject({ already: true, pause: { by: 'alice', since: '2026-01-05T09:00:00.000Z' } });
  });

  it('refuses a sync that is not in the active topology', async () => {
    const { deps, state } = await setup();
    expect(await pauseSync('no-such-sync', { by: 'alice', reason: null }, deps)).toEqual({
      kind: 'unknown-sync',
    });
    expect(await state.syncControls.list()).toEqual([]);
  });
});

describe('resumeSync', () => {
  it('clears the pause and asks for a full round that republishes every decision of the sync', async () => {
    const { deps, state, queue } = await setup();
    await pauseSync(syncId, { by: 'alice', reason: null }, deps);

    const result = await resumeSync(syncId, 'alice', deps);

    expect(result).toMatchObject({ kind: 'resumed', wasPaused: true, wasQuarantined: false });
    expect((await state.syncControls.get(syncId))?.value.pause).toBeNull();
    expect(queue.drains).toEqual([
      expect.objectContaining({
        sourceTenantId: tenantIds.contoso,
        reason: 'resync',
        resetSyncIds: [syncId],
        correlationId: result.kind === 'resumed' ? result.fullRound : '',
      }),
    ]);
  });

  it('lifts a quarantine and forgets the failures that caused it', async () => {
    const { deps, state } = await setup();
    const at = new Date('2026-01-05T08:59:00Z');
    await state.syncCounters.add(syncId, 'failures', at, 30);
    await state.syncCounters.add(syncId, 'attempts', at, 30);
    await state.syncControls.save(
      {
        syncId,
        pause: null,
        quarantine: {
          since: at.toISOString(),
          failures: 30,
          attempts: 30,
          backoffMs: 60_000,
          retryAt: '2026-01-05T09:59:00.000Z',
          probeStartedAt: null,
          failedProbes: 0,
        },
        pendingGuardId: null,
        updatedAt: at.toISOString(),
      },
      null,
    );

    expect(await resumeSync(syncId, 'alice', deps)).toMatchObject({ wasPaused: false, wasQuarantined: true });
    expect((await state.syncControls.get(syncId))?.value.quarantine).toBeNull();
    expect(await state.syncCounters.sum(syncId, 'failures', new Date(0))).toBe(0);
  });

  it('does nothing for a sync that is neither paused nor quarantined', async () => {
    const { deps, queue } = await setup();
    expect(await resumeSync(syncId, 'alice', deps)).toEqual({
      kind: 'resumed',
      syncId,
      wasPaused: false,
      wasQuarantined: false,
      fullRound: null,
    });
    expect(queue.drains).toEqual([]);
  });

  it('refuses a sync that is not in the active topology', async () => {
    const { deps } = await setup();
    expect(await resumeSync('no-such-sync', 'alice', deps)).toEqual({ kind: 'unknown-sync' });
  });
});
