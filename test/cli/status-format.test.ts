import { describe, expect, it } from 'vitest';
import type { StatusReportView, SyncStatusView } from '../../src/cli/safety-responses.js';
import { formatDuration, formatRelative, formatStatus } from '../../src/cli/status-format.js';

const now = new Date('2026-01-05T09:00:00.000Z');

function aSync(overrides: Partial<SyncStatusView> = {}): SyncStatusView {
  return {
    syncId: 'contoso-to-fabrikam',
    from: 'contoso',
    to: 'fabrikam',
    state: 'healthy',
    pause: null,
    quarantine: null,
    guard: null,
    links: { active: 12, disabled: 2, deleted: 1, absent: 0 },
    lastDrain: '2026-01-05T08:58:00.000Z',
    lastReconcile: { jobId: 'j', status: 'succeeded', at: '2026-01-05T08:30:00.000Z' },
    subscription: { id: 's', expiresAt: '2026-01-07T11:00:00.000Z' },
    backlog: 0,
    deadLetters: { parked: 0, broker: 0 },
    errorsLastHour: 0,
    ...overrides,
  };
}

function aReport(syncs: SyncStatusView[]): StatusReportView {
  return {
    generatedAt: now.toISOString(),
    topologyVersion: 2,
    syncs,
    sourceChanges: { deadLetters: { parked: 0, broker: 0 } },
  };
}

describe('formatStatus', () => {
  it('prints one aligned row per sync with relative times, and no notes for a healthy sync', () => {
    const text = formatStatus(aReport([aSync()]), now);
    const lines = text.split('\n');
    expect(lines[0]).toMatch(/^SYNC\s+STATE\s+LINKED a\/d\/x\s+LAST DRAIN\s+LAST RECONCILE\s+SUBSCRIPTION/);
    expect(lines[1]).toMatch(
      /^contoso-to-fabrikam\s+healthy\s+12\/2\/1\s+2m ago\s+30m ago \(succeeded\)\s+expires in 2d 2h\s+0\s+0\s+0$/,
    );
    expect(lines).toHaveLength(3);
  });

  it('explains each sync that needs attention and names the command that helps', () => {
    const text = formatStatus(
      aReport([
        aSync({
          syncId: 'a-to-b',
          state: 'paused',
          pause: { since: '2026-01-05T08:00:00.000Z', by: 'admin-api:alice', reason: 'migration' },
          quarantine: {
            since: '2026-01-05T08:50:00.000Z',
            failures: 15,
            attempts: 20,
            backoffMs: 240_000,
            retryAt: '2026-01-05T09:04:00.000Z',
            failedProbes: 2,
          },
          guard: { id: 'g-1', createdAt: '2026-01-05T08:55:00.000Z', limit: 500, held: 812 },
          deadLetters: { parked: 2, broker: 1 },
          backlog: null,
          subscription: null,
          errorsLastHour: 7,
        }),
      ]),
      now,
    );
    expect(text).toMatch(/a-to-b\s+paused\s+12\/2\/1\s+2m ago\s+30m ago \(succeeded\)\s+none\s+\?\s+3\s+7/);
    expect(text).toContain(
      'a-to-b: paused 1h ago by admin-api:alice ("migration"); resume with: xtsync syncs resume a-to-b',
    );
    expect(text).toContain(
      'a-to-b: quarantined 10m ago (15 of 20 attempts failed); next probe in 4m, back-off 4m; after a fix: xtsync syncs resume a-to-b',
    );
    expect(text).toContain(
      'a-to-b: 812 removal(s) held by deletion guard g-1 (limit 500); decide with: xtsync guards approve|reject g-1',
    );
    expect(text).toContain(
      'a-to-b: 3 dead-lettered change(s); after a fix: xtsync dead-letters replay --sync a-to-b',
    );
  });

  it('says when there is no topology or no sync', () => {
    expect(formatStatus({ ...aReport([]), topologyVersion: null }, now)).toMatch(
      /No topology has been applied yet/,
    );
    expect(formatStatus(aReport([]), now)).toBe('Topology version 2 has no syncs.');
  });
});

describe('formatRelative and formatDuration', () => {
  it('give the two largest units, past or future', () => {
    expect(formatDuration(45_000)).toBe('45s');
    expect(formatDuration(3 * 3_600_000 + 5 * 60_000 + 9_000)).toBe('3h 5m');
    expect(formatDuration(2 * 86_400_000)).toBe('2d');
    expect(formatDuration(0)).toBe('0s');
    expect(formatRelative('2026-01-05T08:59:58.000Z', now)).toBe('just now');
    expect(formatRelative('2026-01-04T09:00:00.000Z', now)).toBe('1d ago');
    expect(formatRelative('soon', now)).toBe('soon');
  });
});
