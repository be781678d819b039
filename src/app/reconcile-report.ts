/**
 * What a reconcile run reports: per sync, how many users it created, updated, restored, disabled, deleted,
 * relinked, left unchanged or held for the deletion guard, and what it cost in Graph calls; per source
 * tenant, what happened to its subscription and whether a catch-up drain was enqueued. This is the job
 * result of `POST /api/reconcile` and what the timer logs.
 */

/** What reconciliation did to one user's target (besides relinking, which is counted on its own). */
export type ReconcileAction = 'create' | 'update' | 'restore' | 'disable' | 'delete';

/** The counters of one sync. `relinked` overlaps the others: a relinked user is also unchanged or repaired. */
export interface ReconcileCounts {
  readonly created: number;
  readonly updated: number;
  readonly restored: number;
  readonly disabled: number;
  /** Target users deleted (DELETE /users/{id}): past retention, or under a `delete` removal policy. */
  readonly deleted: number;
  /** Links rebuilt from the anchor on a target user (lost or wiped link rows). */
  readonly relinked: number;
  readonly unchanged: number;
  /** Removals the deletion guard holds for an operator's decision. */
  readonly held: number;
  /**
   * Removals an operator rejected (a rejected deletion guard): not made, and not asked again while the
   * source user stays as it was when rejected.
   */
  readonly vetoed: number;
  /**
   * People the mirror does not know whose source user still exists (a lost mirror row, or a joiner whose row
   * is not saved yet): left as they are, and a full round of the source is asked for to rebuild the mirror.
   */
  readonly unmirrored: number;
  /**
   * Users left for the next run: the pipeline changed them while this run looked (lost ETag race), or more
   * people than one run checks in the source were unknown to the mirror.
   */
  readonly busy: number;
}

/** Graph calls of one sync's run: reads it made, and writes its repairs cost in the apply step. */
export interface ReconcileGraphCost {
  readonly reads: number;
  /** Writes the published repairs cost when applied (create 2, restore from deleted 2, others 1). */
  readonly writes: number;
}

/** One sync's part of a run. */
export type SyncReconcileReport = {
  readonly syncId: string;
  readonly from: string;
  readonly to: string;
} & (
  | {
      readonly status: 'done';
      readonly counts: ReconcileCounts;
      readonly graph: ReconcileGraphCost;
      /** Set when the deletion guard held this run's removals. */
      readonly guardId?: string;
    }
  | {
      readonly status: 'skipped';
      readonly reason: 'paused' | 'quarantined' | 'busy' | 'source-not-read';
      readonly detail: string;
    }
  | { readonly status: 'failed'; readonly error: { readonly code: string; readonly message: string } }
);

/** One source tenant's upkeep: its change-notification subscription and the catch-up drain. */
export interface SourceUpkeepReport {
  readonly tenantId: string;
  readonly subscription: 'created' | 'renewed' | 'kept' | 'recreated' | 'busy' | 'failed';
  readonly subscriptionId?: string;
  readonly expiresAt?: string;
  readonly drainEnqueued: boolean;
  readonly error?: { readonly code: string; readonly message: string };
}

/** A whole run (a type, not an interface, so it is a job's JSON `result` as it is). */
export type ReconcileRunReport = {
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly sources: readonly SourceUpkeepReport[];
  readonly syncs: readonly SyncReconcileReport[];
};

/** Counters at zero. */
export function emptyCounts(): ReconcileCounts {
  return {
    created: 0,
    updated: 0,
    restored: 0,
    disabled: 0,
    deleted: 0,
    relinked: 0,
    unchanged: 0,
    held: 0,
    vetoed: 0,
    unmirrored: 0,
    busy: 0,
  };
}

/** The counter an action increments. */
export function counterOf(action: ReconcileAction): keyof ReconcileCounts {
  switch (action) {
    case 'create':
      return 'created';
    case 'update':
      return 'updated';
    case 'restore':
      return 'restored';
    case 'disable':
      return 'disabled';
    case 'delete':
      return 'deleted';
  }
}
