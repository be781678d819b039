import { describe, expect, it } from 'vitest';
import { toJobEntity } from '../../src/adapters/tables/table-job-store.js';
import { newJobRecord } from '../../src/app/job-records.js';
import { emptyCounts, type SyncReconcileReport } from '../../src/app/reconcile-report.js';
import { maxListedEntries, summarizeRun } from '../../src/app/reconcile-run-summary.js';

/** A mesh of `tenants` tenants: every tenant to every other one, each sync done with some counts. */
function meshReport(tenants: number, failing: readonly number[] = []) {
  const syncs: SyncReconcileReport[] = [];
  for (let from = 0; from < tenants; from += 1) {
    for (let to = 0; to < tenants; to += 1) {
      if (from === to) continue;
      const index = syncs.length;
      const edge = {
        syncId: `tenant-${String(from).padStart(2, '0')}-to-tenant-${String(to).padStart(2, '0')}-long-sync-id`,
        from: `tenant-number-${from}-of-the-portfolio`,
        to: `tenant-number-${to}-of-the-portfolio`,
      };
      syncs.push(
        failing.includes(index)
          ? { ...edge, status: 'failed', error: { code: 'GRAPH.UNAVAILABLE', message: 'x'.repeat(5_000) } }
          : {
              ...edge,
              status: 'done',
              counts: { ...emptyCounts(), unchanged: 40, updated: 2 },
              graph: { reads: 3, writes: 2 },
              guardId: '5f0d6c1e-8a53-4b1e-9d55-3f9f9ad2a0c1',
            },
      );
    }
  }
  const sources = Array.from({ length: tenants }, (_, index) => ({
    tenantId: `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`,
    subscription: 'kept' as const,
    drainEnqueued: true,
  }));
  return { startedAt: '2026-01-05T09:00:00.000Z', finishedAt: '2026-01-05T09:10:00.000Z', sources, syncs };
}

describe('summarizeRun', () => {
  it('fits the job record of a 12-tenant mesh (132 syncs) in one table property, with totals', () => {
    const report = meshReport(12, [5, 77]);
    const summary = summarizeRun(report);

    const job = {
      ...newJobRecord({ kind: 'reconcile', scope: {}, requestedBy: 'timer' }, new Date()),
      result: summary,
    };
    expect(() => toJobEntity(job, 'jobs')).not.toThrow();
    expect(summary.totals).toMatchObject({
      syncs: { done: 130, failed: 2, skipped: 0 },
      counts: { unchanged: 130 * 40, updated: 130 * 2 },
      graph: { reads: 390, writes: 260 },
    });
    // The failed ones come first among what is listed, with their messages cut.
    expect(summary.syncs.slice(0, 2).map((sync) => sync.status)).toEqual(['failed', 'failed']);
    expect(summary.syncs).toHaveLength(maxListedEntries);
    expect(summary.omittedSyncs).toBe(132 - maxListedEntries);
    const failed = summary.syncs[0];
    expect(failed?.status === 'failed' ? failed.error.message.length : 0).toBeLessThanOrEqual(200);
  });

  it('lists every sync of a small topology as the run reported it', () => {
    const report = meshReport(3);
    expect(summarizeRun(report)).toMatchObject({
      syncs: report.syncs,
      omittedSyncs: 0,
      sources: report.sources,
    });
  });
});
