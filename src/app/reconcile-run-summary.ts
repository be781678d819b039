/**
 * What a reconcile run keeps in its job record, while it runs and once it ended. A job's result is stored
 * in one table property (64 KiB): the whole report of a large topology (a 12-tenant mesh has 132 syncs)
 * does not fit, and a write that cannot be stored would stop the run at the same sync every time. So the
 * record carries totals over every sync, and lists the syncs one by one only while there are few; beyond
 * that it lists those that need a look (failed, then skipped, then those with removals held or vetoed), up
 * to a cap, and
 * says how many it left out. Long texts (error messages, details) are cut to a bounded length.
 */
import {
  emptyCounts,
  type ReconcileCounts,
  type ReconcileRunReport,
  type SourceUpkeepReport,
  type SyncReconcileReport,
} from './reconcile-report.js';

/** Syncs (and source tenants) listed one by one at most. */
export const maxListedEntries = 30;
/** Longest error message or detail kept per entry. */
export const maxEntryText = 200;

/** Totals over every sync of the run. */
export interface ReconcileRunTotals {
  readonly syncs: { readonly done: number; readonly skipped: number; readonly failed: number };
  readonly counts: ReconcileCounts;
  readonly graph: { readonly reads: number; readonly writes: number };
}

/** A run as its job record keeps it: the report's shape, with totals and what was left out. */
export type ReconcileRunSummary = ReconcileRunReport & {
  readonly totals: ReconcileRunTotals;
  /** Syncs not listed in `syncs` (all of them done without anything held or vetoed). */
  readonly omittedSyncs: number;
  /** Source tenants not listed in `sources`. */
  readonly omittedSources: number;
};

/** The bounded summary of `report` (see the module comment). */
export function summarizeRun(report: ReconcileRunReport): ReconcileRunSummary {
  const syncs =
    report.syncs.length <= maxListedEntries
      ? report.syncs
      : [
          ...report.syncs.filter((sync) => sync.status === 'failed'),
          ...report.syncs.filter((sync) => sync.status === 'skipped'),
          ...report.syncs.filter((sync) => sync.status === 'done' && hasRemovalsLeft(sync)),
        ].slice(0, maxListedEntries);
  const sources =
    report.sources.length <= maxListedEntries
      ? report.sources
      : [...report.sources.filter((source) => source.error !== undefined), ...report.sources]
          .filter((source, index, all) => all.indexOf(source) === index)
          .slice(0, maxListedEntries);
  return {
    startedAt: report.startedAt,
    finishedAt: report.finishedAt,
    totals: totalsOf(report.syncs),
    sources: sources.map(boundSource),
    syncs: syncs.map(boundSync),
    omittedSyncs: report.syncs.length - syncs.length,
    omittedSources: report.sources.length - sources.length,
  };
}

function hasRemovalsLeft(sync: Extract<SyncReconcileReport, { status: 'done' }>): boolean {
  return sync.guardId !== undefined || sync.counts.held > 0 || sync.counts.vetoed > 0;
}

function totalsOf(syncs: readonly SyncReconcileReport[]): ReconcileRunTotals {
  const status = { done: 0, skipped: 0, failed: 0 };
  const counts: Record<keyof ReconcileCounts, number> = { ...emptyCounts() };
  const graph = { reads: 0, writes: 0 };
  for (const sync of syncs) {
    status[sync.status] += 1;
    if (sync.status !== 'done') continue;
    for (const name of Object.keys(counts) as (keyof ReconcileCounts)[]) counts[name] += sync.counts[name];
    graph.reads += sync.graph.reads;
    graph.writes += sync.graph.writes;
  }
  return { syncs: status, counts, graph };
}

function boundSync(sync: SyncReconcileReport): SyncReconcileReport {
  if (sync.status === 'failed') return { ...sync, error: boundError(sync.error) };
  if (sync.status === 'skipped') return { ...sync, detail: cut(sync.detail) };
  return sync;
}

function boundSource(source: SourceUpkeepReport): SourceUpkeepReport {
  return source.error === undefined ? source : { ...source, error: boundError(source.error) };
}

function boundError(error: { readonly code: string; readonly message: string }) {
  return { code: cut(error.code), message: cut(error.message) };
}

function cut(text: string): string {
  return text.length <= maxEntryText ? text : `${text.slice(0, maxEntryText - 1)}…`;
}
