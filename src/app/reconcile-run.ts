/**
 * A reconcile run (timer `reconcile`, or `POST /api/reconcile` as a job): first the upkeep of every source
 * tenant in scope (subscription alive, catch-up drain enqueued), then each sync in turn — skipped while the
 * sync gate says paused or quarantined (a quarantine probe goes through), and only under the sync's lease,
 * so two runs of one sync never interleave: the second finds the lease taken and reports the sync as busy.
 * The syncs into one target tenant share one read of it per run. Progress is reported after each step; a
 * progress report that cannot be recorded is logged and the run goes on.
 */
import { SyncError, isSyncError } from '../core/sync-errors.js';
import type { TopologySync } from '../core/topology/topology.js';
import type { SyncGate } from './control-ports.js';
import type { SubscriptionDeps } from './maintain-subscriptions.js';
import { acquireLease, type HeldLease, type LeaseAttempt } from './reconcile-lease.js';
import { createReconcileTargets, type ReconcileTargets } from './reconcile-target-cache.js';
import type { LeaseStore } from './reconcile-ports.js';
import type { ReconcileRunReport, SourceUpkeepReport, SyncReconcileReport } from './reconcile-report.js';
import { upkeepSourceTenant } from './reconcile-source-tenant.js';
import { reconcileSync, type ReconcileSyncDeps } from './reconcile-sync.js';
import type { TopologySource } from './topology-source.js';

/** What a run needs. */
export interface ReconcileRunDeps
  extends
    Omit<ReconcileSyncDeps, 'correlationId' | 'heartbeat' | 'sourceSyncs' | 'targets'>,
    SubscriptionDeps {
  readonly topology: TopologySource;
  readonly gate: SyncGate;
  readonly leases: LeaseStore;
}

/** Which syncs a run covers and who runs it. */
export interface ReconcileRequest {
  /** One sync; every sync of the active topology when absent. */
  readonly syncId?: string;
  /** Lease holder and correlation id of everything the run publishes: a job id, or `timer:<invocation id>`. */
  readonly runId: string;
  /**
   * Sync leases claimed for this run before it started (`POST /api/reconcile`), by sync id: the run works on
   * each sync under its claimed lease (and releases it) instead of taking the lease again.
   */
  readonly claimed?: ReadonlyMap<string, HeldLease>;
}

/** Progress after each step: `done` of `total` steps (source tenants, then syncs), and the report so far. */
export type ReconcileProgress = (
  progress: { readonly phase: string; readonly done: number; readonly total: number },
  partial: ReconcileRunReport,
) => Promise<void>;

/** The syncs a request covers, or why it covers none. */
export type ReconcileScope =
  | {
      readonly kind: 'syncs';
      readonly syncs: readonly TopologySync[];
      /** Every sync of the active topology (what the drains read with). */
      readonly all: readonly TopologySync[];
    }
  | { readonly kind: 'unknown-sync'; readonly syncId: string }
  | { readonly kind: 'no-topology' };

/** Resolves `syncId` (or every sync) against the active topology. */
export async function resolveReconcileScope(
  syncId: string | undefined,
  topology: TopologySource,
): Promise<ReconcileScope> {
  const active = await topology.current();
  if (!active) return { kind: 'no-topology' };
  const { syncs } = active.topology;
  if (syncId === undefined) return { kind: 'syncs', syncs, all: syncs };
  const sync = syncs.find((candidate) => candidate.id === syncId);
  return sync ? { kind: 'syncs', syncs: [sync], all: syncs } : { kind: 'unknown-sync', syncId };
}

/**
 * Runs reconciliation and reports what it did. One sync's failure is reported, not thrown.
 *
 * @throws SyncError `SYNC.UNKNOWN` for an unknown `syncId`; state failures before any sync started.
 *   Without an active topology there is nothing to reconcile: the report is empty.
 */
export async function runReconcile(
  request: ReconcileRequest,
  deps: ReconcileRunDeps,
  onProgress?: ReconcileProgress,
): Promise<ReconcileRunReport> {
  const startedAt = deps.clock.now().toISOString();
  const scope = await resolveReconcileScope(request.syncId, deps.topology);
  if (scope.kind === 'unknown-sync') {
    throw new SyncError('SYNC.UNKNOWN', `No sync '${scope.syncId}' in the active topology.`);
  }
  const syncs = scope.kind === 'syncs' ? scope.syncs : [];
  const all = scope.kind === 'syncs' ? scope.all : [];
  const tenants = [...new Set(syncs.map((sync) => sync.fromTenantId))];
  const total = tenants.length + syncs.length;
  const sources: SourceUpkeepReport[] = [];
  const results: SyncReconcileReport[] = [];
  const report = (): ReconcileRunReport => ({
    startedAt,
    finishedAt: deps.clock.now().toISOString(),
    sources: [...sources],
    syncs: [...results],
  });
  const progress = async (phase: string): Promise<void> => {
    try {
      await onProgress?.({ phase, done: sources.length + results.length, total }, report());
    } catch (error) {
      deps.logger.warn('Could not record the progress of a reconcile run; it goes on', {
        runId: request.runId,
        code: isSyncError(error) ? error.code : 'UNEXPECTED',
      });
    }
  };
  const upkeep = { ...deps, holder: request.runId, correlationId: request.runId };
  for (const tenantId of tenants) {
    sources.push(await upkeepSourceTenant(tenantId, upkeep));
    await progress('source upkeep');
  }
  const run: SyncRun = {
    runId: request.runId,
    claimed: request.claimed ?? new Map(),
    targets: createReconcileTargets({
      directories: deps.directories,
      syncs,
      anchorAttribute: deps.anchorAttribute,
      clock: deps.clock,
    }),
    all,
  };
  for (const sync of syncs) {
    results.push(await reconcileOne(sync, run, deps));
    await progress('reconciling syncs');
  }
  const finished = report();
  deps.logger.info('Reconcile run finished', {
    runId: request.runId,
    syncs: results.length,
    skipped: results.filter((result) => result.status === 'skipped').length,
    failed: results.filter((result) => result.status === 'failed').length,
  });
  return finished;
}

/** What every sync of a run shares. */
interface SyncRun {
  readonly runId: string;
  readonly claimed: ReadonlyMap<string, HeldLease>;
  readonly targets: ReconcileTargets;
  readonly all: readonly TopologySync[];
}

async function reconcileOne(
  sync: TopologySync,
  run: SyncRun,
  deps: ReconcileRunDeps,
): Promise<SyncReconcileReport> {
  const edge = { syncId: sync.id, from: sync.from, to: sync.to };
  const gate = await deps.gate.check(sync.id);
  if (gate.kind === 'paused') {
    return { ...edge, status: 'skipped', reason: 'paused', detail: `Paused since ${gate.since}.` };
  }
  if (gate.kind === 'quarantined' && !gate.probe) {
    const detail = `Quarantined until ${gate.retryAt.toISOString()}.`;
    return { ...edge, status: 'skipped', reason: 'quarantined', detail };
  }
  // The probe's token: only this run's outcome may release the sync or back it off.
  const probe = gate.kind === 'quarantined' ? gate.probeToken : undefined;
  const attempt = await leaseFor(sync, run, deps);
  if (attempt.kind === 'held') {
    if (probe !== undefined) await deps.gate.recordOutcome(sync.id, 'neutral', probe);
    const detail = `Another reconcile run (${attempt.holder}) is working on this sync until ${attempt.expiresAt} at the latest.`;
    return { ...edge, status: 'skipped', reason: 'busy', detail };
  }
  const lease: HeldLease = attempt.lease;
  try {
    const result = await reconcileSync(sync, {
      ...deps,
      correlationId: run.runId,
      heartbeat: () => lease.renew(),
      sourceSyncs: run.all.filter((other) => other.fromTenantId === sync.fromTenantId),
      targets: run.targets,
    });
    // A clean read of the target proves it answers again (a recovered target with no traffic is released);
    // a run that did not read it proves nothing, and the probe moves on.
    if (probe !== undefined) {
      await deps.gate.recordOutcome(sync.id, result.status === 'done' ? 'success' : 'neutral', probe);
    }
    return result;
  } catch (error) {
    const code = isSyncError(error) ? error.code : 'UNEXPECTED';
    const message = error instanceof Error ? error.message : String(error);
    deps.logger.error('Sync reconcile failed', { syncId: sync.id, code, error: message });
    if (probe !== undefined) {
      await deps.gate.recordOutcome(sync.id, isTargetFailure(code) ? 'failure' : 'neutral', probe);
    }
    return { ...edge, status: 'failed', error: { code, message } };
  } finally {
    await lease.release();
  }
}

/** Failures that say the target tenant is broken for this sync (what quarantine is about). */
function isTargetFailure(code: string): boolean {
  return code.startsWith('GRAPH.') || code.startsWith('AUTH.');
}

/** The sync's lease: the one claimed for the run while it still holds, else taken now. */
async function leaseFor(sync: TopologySync, run: SyncRun, deps: ReconcileRunDeps): Promise<LeaseAttempt> {
  const claimed = run.claimed.get(sync.id);
  if (claimed !== undefined && !claimed.released) {
    try {
      await claimed.renew();
      return { kind: 'acquired', lease: claimed };
    } catch (error) {
      // The claim expired and someone took the lease: ask again, which says who holds it.
      if (!isSyncError(error, 'STATE.CONFLICT')) throw error;
    }
  }
  return acquireLease(`sync:${sync.id}`, run.runId, { store: deps.leases, clock: deps.clock });
}
