/**
 * Ports of xtsync's control plane (issue: resync, reconciliation, safety rails): long-running admin jobs,
 * the gate every sync passes before work is applied (paused / quarantined), and the deletion guard that
 * holds mass removals for an operator. Implementations live in adapters (state) and app (rules).
 */
import type { TargetChange } from './messages.js';
import type { Stored } from './ports.js';

// ---------------------------------------------------------------------------------------------------------
// Jobs: full resyncs and reconcile runs answer 202 with a job id; GET /api/jobs/{id} reports progress.

export type JobKind = 'resync' | 'reconcile';
export type JobStatus = 'queued' | 'running' | 'succeeded' | 'failed';

/** One long-running admin job and what it has done so far. */
export interface JobRecord {
  readonly id: string;
  readonly kind: JobKind;
  readonly status: JobStatus;
  /** What the job covers: one sync, one source tenant, or everything (both absent). */
  readonly scope: { readonly syncId?: string; readonly sourceTenantId?: string };
  readonly requestedBy: string;
  readonly createdAt: string;
  readonly startedAt: string | null;
  readonly finishedAt: string | null;
  /**
   * When the record last changed (progress, heartbeat, end). A `running` job not updated for the runner's
   * staleness timeout died with its instance and is reported as failed (src/app/run-job.ts).
   */
  readonly updatedAt: string;
  /** Phase name (e.g. `enumerating source`, `applying`), items done, total when known. */
  readonly progress: { readonly phase: string; readonly done: number; readonly total: number | null };
  /**
   * A JSON summary of what the job did (counts per action, guards tripped…): the counts so far while it
   * runs, the outcome once it ends.
   */
  readonly result: Readonly<Record<string, unknown>> | null;
  readonly error: { readonly code: string; readonly message: string } | null;
}

/** Jobs, newest first when listed. Saves are conditional on ETags like every other store. */
export interface JobStore {
  create(job: JobRecord): Promise<string>;
  get(id: string): Promise<Stored<JobRecord> | null>;
  save(job: JobRecord, etag: string): Promise<string>;
  list(options: { readonly kind?: JobKind; readonly limit: number }): Promise<readonly JobRecord[]>;
}

// ---------------------------------------------------------------------------------------------------------
// Sync gate: operators pause syncs; failing syncs are quarantined with back-off (CTS-like, cts-benchmark
// §1.9). The apply step, the drain and reconciliation ask the gate before doing a sync's work.

/** What the gate says about a sync right now. */
export type SyncGateDecision =
  | { readonly kind: 'open' }
  | { readonly kind: 'paused'; readonly since: string }
  /** Quarantined: skip until `retryAt`. */
  | { readonly kind: 'quarantined'; readonly retryAt: Date; readonly probe: false }
  /**
   * Quarantined, and this unit of work is the probe that tests recovery: report its outcome with
   * `probeToken`, so only this invocation's result releases the sync or backs it off.
   */
  | {
      readonly kind: 'quarantined';
      readonly retryAt: Date;
      readonly probe: true;
      readonly probeToken: string;
    };

export interface SyncGate {
  check(syncId: string): Promise<SyncGateDecision>;
  /**
   * Records the outcome of one unit of work (an applied change, a reconcile read); may quarantine or release
   * the sync. `neutral` is work that says nothing about the sync's health (nothing to write, a removal held,
   * a throttled call): it is not counted, and it only hands a quarantine probe on to the next unit of work.
   * Only an outcome that presents the token of the probe still out ends that probe; any other outcome
   * (work admitted before the quarantine, a probe that timed out and was handed on) is counted as usual.
   */
  recordOutcome(
    syncId: string,
    outcome: 'success' | 'failure' | 'neutral',
    probeToken?: string,
  ): Promise<void>;
}

// ---------------------------------------------------------------------------------------------------------
// Deletion guard: removals (disable or delete) beyond a sync's deletionThreshold — per reconcile run, or in
// a rolling hour of notifications — are held, not applied, until an operator approves or rejects them.

/** What the guard decided for a removal (or a batch of them). */
export type RemovalVerdict =
  | { readonly kind: 'allowed' }
  /** Held under guard `guardId`; the change is kept and replayed if the guard is approved. */
  | { readonly kind: 'held'; readonly guardId: string }
  /**
   * An operator rejected this removal of the user in guard `guardId` (see {@link RemovalVeto}): skip it,
   * the target user stays. It is not counted against the threshold.
   */
  | { readonly kind: 'vetoed'; readonly guardId: string };

/**
 * An operator's rejection of a removal, kept per sync and source user: removals of that user at
 * `sourceVersion` or older are not applied and not counted. A removal at a newer source version (the person
 * changed again, e.g. came back or left again later) is decided afresh.
 */
export interface RemovalVeto {
  readonly syncId: string;
  readonly sourceUserId: string;
  /** The highest source version a removal of this user was rejected at. */
  readonly sourceVersion: number;
  /** The rejected guard, for the provisioning log and operators. */
  readonly guardId: string;
  readonly decidedAt: string;
  readonly decidedBy: string | null;
}

/** What the guard decided for a reconcile run's removals: a verdict on those not vetoed, and the vetoed. */
export type RemovalBatchVerdict = (
  { readonly kind: 'allowed' } | { readonly kind: 'held'; readonly guardId: string }
) & {
  /**
   * Users whose removal an operator rejected at this source version or a newer one: left out of the count
   * and of what is held. Publish none of them; `allowed` applies to the other changes only.
   */
  readonly vetoed: readonly { readonly sourceUserId: string; readonly guardId: string }[];
};

export interface RemovalGuard {
  /**
   * Asks to apply one removal coming from notifications (counted in the sync's rolling hour); a removal an
   * operator rejected is `vetoed`.
   */
  admitRemoval(change: TargetChange): Promise<RemovalVerdict>;
  /**
   * Asks to apply a reconcile run's removals for one sync at once. Users with a {@link RemovalVeto} at the
   * change's `sourceVersion` or newer are left out first (pass the mirror version the removal was decided
   * from, not a version claimed for publishing); the rest are all allowed, or all held under one guard when
   * their number exceeds the threshold.
   */
  admitRemovals(syncId: string, changes: readonly TargetChange[]): Promise<RemovalBatchVerdict>;
}
