import { describe, expect, it } from 'vitest';
import type { ProvisioningLogEntry } from '../../../src/app/ports.js';
import { appliedAtMs, notifiedAtMs, summarizeTimings } from '../../../scripts/bench/latency-timings.js';

const user = '33333333-3333-4333-8333-333333333333';

function entry(overrides: Partial<ProvisioningLogEntry>): ProvisioningLogEntry {
  return {
    id: 'e',
    at: new Date(1_000).toISOString(),
    syncId: 's',
    sourceTenantId: '11111111-1111-4111-8111-111111111111',
    targetTenantId: '22222222-2222-4222-8222-222222222222',
    sourceUserId: user,
    targetUserId: 't',
    action: 'update',
    outcome: 'success',
    reason: '',
    changedAttributes: [],
    graphWrites: 1,
    durationMs: 5,
    correlationId: 'c',
    errorCode: null,
    errorMessage: null,
    ...overrides,
  };
}

describe('appliedAtMs', () => {
  it("takes the first successful entry of the change's kind at or after the write", () => {
    const mover = { kind: 'mover' as const, sourceUserId: user, writtenAtMs: 1_000 };
    const entries = [
      entry({ at: new Date(900).toISOString() }),
      entry({ at: new Date(1_200).toISOString(), outcome: 'failure' }),
      entry({ at: new Date(1_300).toISOString(), action: 'none', outcome: 'skipped' }),
      entry({ at: new Date(1_500).toISOString() }),
      entry({ at: new Date(1_400).toISOString(), sourceUserId: 'someone-else' }),
    ];
    expect(appliedAtMs(mover, entries)).toBe(1_500);
  });

  it('counts a disable as a leaver applied and an update as not', () => {
    const leaver = { kind: 'leaver' as const, sourceUserId: user, writtenAtMs: 0 };
    expect(appliedAtMs(leaver, [entry({ action: 'update' })])).toBeNull();
    expect(appliedAtMs(leaver, [entry({ action: 'disable' })])).toBe(1_000);
  });
});

describe('notifiedAtMs', () => {
  it('ignores notifications about the user from before the write', () => {
    expect(notifiedAtMs({ kind: 'mover', sourceUserId: user, writtenAtMs: 100 }, [50, 120, 130])).toBe(120);
  });
});

describe('summarizeTimings', () => {
  it('splits each change into Graph notification time and pipeline time', () => {
    const summary = summarizeTimings([
      { kind: 'joiner', sourceUserId: user, writtenAtMs: 0, notifiedAtMs: 10, appliedAtMs: 50 },
      { kind: 'joiner', sourceUserId: user, writtenAtMs: 0, notifiedAtMs: null, appliedAtMs: null },
    ]);
    expect(summary.joiner).toMatchObject({ changes: 2, applied: 1 });
    expect(summary.joiner.endToEnd.p50Ms).toBe(50);
    expect(summary.joiner.pipeline.p50Ms).toBe(40);
    expect(summary.joiner.notification.p50Ms).toBe(10);
    expect(summary.all.changes).toBe(2);
  });
});
