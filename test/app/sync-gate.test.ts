import { describe, expect, it } from 'vitest';
import type { SyncGate } from '../../src/app/control-ports.js';
import { createSyncGate } from '../../src/app/sync-gate.js';
import { aSafetyFixture, syncId } from '../support/safety-fixture.js';

async function setup() {
  const fixture = await aSafetyFixture({ policy: { minAttempts: 5, baseBackoffMs: 60_000 } });
  const released: string[] = [];
  const gate = (): SyncGate =>
    createSyncGate({
      controls: fixture.state.syncControls,
      counters: fixture.state.syncCounters,
      clock: fixture.clock,
      logger: fixture.logger,
      policy: fixture.policy,
      onReleased: (id) => {
        released.push(id);
        return Promise.resolve();
      },
    });
  const record = async (outcome: 'success' | 'failure' | 'neutral', times = 1) => {
    for (let i = 0; i < times; i++) await gate().recordOutcome(syncId, outcome);
  };
  const quarantine = async () => record('failure', 5);
  /** Asks for the probe and returns its token (fails when the gate hands out none). */
  const probe = async (): Promise<string> => {
    const decision = await gate().check(syncId);
    if (decision.kind !== 'quarantined' || !decision.probe) throw new Error('no probe handed out');
    return decision.probeToken;
  };
  return { ...fixture, gate, record, quarantine, probe, released };
}

describe('createSyncGate', () => {
  it('lets the work of a sync without a control row through', async () => {
    const { gate } = await setup();
    expect(await gate().check(syncId)).toEqual({ kind: 'open' });
  });

  it('says paused while an operator has paused the sync', async () => {
    const { gate, state } = await setup();
    await state.syncControls.save(
      {
        syncId,
        pause: { since: '2026-01-05T08:00:00.000Z', by: 'admin-api:alice', reason: null },
        quarantine: null,
        pendingGuardId: null,
        updatedAt: '2026-01-05T08:00:00.000Z',
      },
      null,
    );
    expect(await gate().check(syncId)).toEqual({ kind: 'paused', since: '2026-01-05T08:00:00.000Z' });
  });

  it('quarantines a sync once failures exceed 40 % of at least the minimum attempts', async () => {
    const { gate, record, logs } = await setup();
    await record('success', 3);
    await record('failure', 2);
    expect(await gate().check(syncId)).toEqual({ kind: 'open' });

    await record('failure');

    expect(await gate().check(syncId)).toEqual({
      kind: 'quarantined',
      retryAt: new Date('2026-01-05T09:01:00.000Z'),
      probe: false,
    });
    expect(logs.entries.some((entry) => entry.message === 'Sync quarantined')).toBe(true);
  });

  it('does not quarantine a sync with fewer attempts than the minimum, or at 40 % exactly', async () => {
    const { gate, record } = await setup();
    await record('failure', 4);
    expect(await gate().check(syncId)).toEqual({ kind: 'open' });

    const other = await setup();
    await other.record('success', 6);
    await other.record('failure', 4);
    expect(await other.gate().check(syncId)).toEqual({ kind: 'open' });
  });

  it('never counts neutral outcomes such as throttling', async () => {
    const { gate, record } = await setup();
    await record('neutral', 50);
    await record('failure', 2);
    expect(await gate().check(syncId)).toEqual({ kind: 'open' });
  });

  it('forgets failures that fell out of the window', async () => {
    const { gate, record, clock } = await setup();
    await record('failure', 4);
    clock.advance(16 * 60_000);
    await record('failure');
    expect(await gate().check(syncId)).toEqual({ kind: 'open' });
  });

  it('skips until retryAt, then hands out exactly one probe', async () => {
    const { gate, quarantine, clock } = await setup();
    await quarantine();
    clock.advance(59_000);
    expect(await gate().check(syncId)).toMatchObject({ kind: 'quarantined', probe: false });

    clock.advance(1_000);
    const first = await gate().check(syncId);
    const second = await gate().check(syncId);

    expect(first).toMatchObject({ kind: 'quarantined', probe: true });
    expect(second).toMatchObject({ kind: 'quarantined', probe: false });
  });

  it('releases the sync when the probe succeeds, with a clean window and a full round', async () => {
    const { gate, quarantine, probe, record, clock, released } = await setup();
    await quarantine();
    clock.advance(60_000);
    const token = await probe();

    await gate().recordOutcome(syncId, 'success', token);

    expect(await gate().check(syncId)).toEqual({ kind: 'open' });
    expect(released).toEqual([syncId]);
    // The old failures were forgotten: one new failure does not quarantine it again.
    await record('failure');
    expect(await gate().check(syncId)).toEqual({ kind: 'open' });
  });

  it('doubles the back-off when the probe fails', async () => {
    const { gate, quarantine, probe, clock, state, released } = await setup();
    await quarantine();
    clock.advance(60_000);
    const token = await probe();

    await gate().recordOutcome(syncId, 'failure', token);

    expect(await gate().check(syncId)).toEqual({
      kind: 'quarantined',
      retryAt: new Date('2026-01-05T09:03:00.000Z'),
      probe: false,
    });
    expect((await state.syncControls.get(syncId))?.value.quarantine).toMatchObject({
      backoffMs: 120_000,
      failedProbes: 1,
      probeStartedAt: null,
    });
    expect(released).toEqual([]);
  });

  it('hands the probe to the next unit of work when the probe did nothing that tests the sync', async () => {
    const { gate, quarantine, probe, clock } = await setup();
    await quarantine();
    clock.advance(60_000);
    const token = await probe();

    await gate().recordOutcome(syncId, 'neutral', token);

    expect(await gate().check(syncId)).toMatchObject({ kind: 'quarantined', probe: true });
  });

  it('hands out a new probe when the last one was never reported (its instance died)', async () => {
    const { gate, quarantine, clock } = await setup();
    await quarantine();
    clock.advance(60_000);
    expect(await gate().check(syncId)).toMatchObject({ probe: true });
    clock.advance(4 * 60_000);
    expect(await gate().check(syncId)).toMatchObject({ probe: false });

    clock.advance(60_000);
    expect(await gate().check(syncId)).toMatchObject({ probe: true });
  });

  it('does not take the outcome of work admitted before the quarantine for the probe result', async () => {
    const { gate, quarantine, probe, clock, released } = await setup();
    await quarantine();
    clock.advance(60_000);
    const token = await probe();

    // A change checked while the sync was still open finishes now, successfully.
    await gate().recordOutcome(syncId, 'success');

    expect(released).toEqual([]);
    expect(await gate().check(syncId)).toMatchObject({ kind: 'quarantined', probe: false });
    await gate().recordOutcome(syncId, 'success', token);
    expect(released).toEqual([syncId]);
  });

  it('ignores the late outcome of a probe that timed out and was handed on', async () => {
    const { gate, quarantine, probe, clock, state, released } = await setup();
    await quarantine();
    clock.advance(60_000);
    const first = await probe();
    clock.advance(5 * 60_000);
    const second = await probe();

    await gate().recordOutcome(syncId, 'failure', first);

    expect((await state.syncControls.get(syncId))?.value.quarantine).toMatchObject({
      backoffMs: 60_000,
      failedProbes: 0,
    });
    await gate().recordOutcome(syncId, 'success', second);
    expect(released).toEqual([syncId]);
  });
});
