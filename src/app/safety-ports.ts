/**
 * Ports of the safety rails (pause, quarantine, deletion guard, dead letters, status): the per-sync control
 * row, the rolling counters behind quarantine and the guard, the guards with the removals they hold, cheap
 * counts for the status page, and the broker's queues as status and replays see them. The rules that use
 * them are in sync-gate.ts and deletion-guard.ts; the Table adapters in adapters/tables.
 */
import type { LinkState } from '../core/link.js';
import type { DeletionThreshold } from '../core/topology/topology.js';
import type { RemovalVeto } from './control-ports.js';
import type { TargetChange } from './messages.js';
import type { Stored } from './ports.js';

// ---------------------------------------------------------------------------------------------------------
// Sync control: one row per sync in the `syncControl` table, written with ETags.

/** Who paused a sync, when and why. */
export interface SyncPause {
  readonly since: string;
  readonly by: string;
  readonly reason: string | null;
}

/** Why and until when a failing sync is skipped; see sync-gate.ts for the back-off rules. */
export interface SyncQuarantine {
  readonly since: string;
  /** Failures and attempts in the window when it was quarantined. */
  readonly failures: number;
  readonly attempts: number;
  /** The current back-off: doubled by each failed probe, up to the policy's cap. */
  readonly backoffMs: number;
  /** When the next probe may run. */
  readonly retryAt: string;
  /** Set while a probe is out; a probe whose instance died is replaced after the probe timeout. */
  readonly probeStartedAt: string | null;
  /**
   * The token of the probe that is out (random per claim): only the outcome presenting it ends the probe.
   * Absent on rows written before tokens existed, and while no probe is out.
   */
  readonly probeToken?: string;
  /** Probes that failed since it was quarantined. */
  readonly failedProbes: number;
}

/** The operator- and rule-controlled state of one sync; no row means open and unguarded. */
export interface SyncControl {
  readonly syncId: string;
  readonly pause: SyncPause | null;
  readonly quarantine: SyncQuarantine | null;
  /** The pending deletion guard that holds every removal of this sync until an operator decides. */
  readonly pendingGuardId: string | null;
  readonly updatedAt: string;
}

/** Control rows: `etag: null` creates, an ETag replaces only that version (`STATE.CONFLICT` otherwise). */
export interface SyncControlStore {
  get(syncId: string): Promise<Stored<SyncControl> | null>;
  save(control: SyncControl, etag: string | null): Promise<string>;
  list(): Promise<readonly SyncControl[]>;
}

// ---------------------------------------------------------------------------------------------------------
// Counters (`syncCounters` table): outcome counts per minute bucket, and one removal window row per sync.

/** Units of work counted for quarantine: every success or sync-breaking failure, and those failures. */
export type OutcomeCounter = 'attempts' | 'failures';

/** Removals admitted from the drain in the last hour, per minute, and the drain batches admitted whole. */
export interface RemovalWindow {
  readonly syncId: string;
  /** Minute buckets (start as ISO time) with the removals admitted in them. */
  readonly buckets: readonly { readonly start: string; readonly count: number }[];
  /** Ids of drain batches already admitted as a whole (the latest few). */
  readonly batchIds: readonly string[];
}

/**
 * Rolling counters of a sync. `add` never loses an increment, even from many instances at once; `sum`
 * counts whole minute buckets, so its window may reach up to a minute further back than `since`.
 */
export interface SyncCounterStore {
  add(syncId: string, counter: OutcomeCounter, at: Date, amount?: number): Promise<void>;
  sum(syncId: string, counter: OutcomeCounter, since: Date): Promise<number>;
  /** Forgets every bucket of the counter. */
  reset(syncId: string, counter: OutcomeCounter): Promise<void>;
  getRemovalWindow(syncId: string): Promise<Stored<RemovalWindow> | null>;
  /** Conditional like every save: `etag: null` creates. */
  saveRemovalWindow(window: RemovalWindow, etag: string | null): Promise<string>;
}

// ---------------------------------------------------------------------------------------------------------
// Deletion guards (`guards` table): the guard and, in its partition, every removal it holds; and the
// operators' vetoes (rejected removals), in one partition per sync.

/** Where a guard stands: waiting for an operator, or decided. */
export type GuardState = 'pending' | 'approved' | 'rejected';

/** A deletion guard: removals of one sync held for an operator to approve or reject. */
export interface DeletionGuardRecord {
  readonly id: string;
  readonly syncId: string;
  readonly state: GuardState;
  /** What tripped it: the rolling hour of the drain's removals, or one reconcile run. */
  readonly trigger: 'notifications' | 'reconcile';
  readonly threshold: DeletionThreshold;
  /** The removals the threshold allowed, from the linked users counted when it tripped. */
  readonly limit: number;
  readonly linkedUsers: number;
  /** Removals already admitted in the window, and how many more the tripping request asked for. */
  readonly admittedInWindow: number;
  readonly requested: number;
  readonly createdAt: string;
  readonly decidedAt: string | null;
  readonly decidedBy: string | null;
}

/**
 * Guards, newest first when listed, the removals each holds (one per user and source version), and the
 * vetoes rejecting a guard leaves behind (one per sync and user).
 */
export interface GuardStore {
  get(guardId: string): Promise<Stored<DeletionGuardRecord> | null>;
  save(guard: DeletionGuardRecord, etag: string | null): Promise<string>;
  list(filter?: {
    readonly syncId?: string;
    readonly state?: GuardState;
  }): Promise<readonly DeletionGuardRecord[]>;
  /** Keeps `changes` under the guard; holding the same user and version again replaces it. */
  hold(guardId: string, changes: readonly TargetChange[]): Promise<void>;
  /** The held changes, ordered by source user and version. */
  held(guardId: string): Promise<readonly TargetChange[]>;
  countHeld(guardId: string): Promise<number>;
  /** Forgets held changes (released or discarded); forgetting one that is gone is not an error. */
  drop(guardId: string, changes: readonly TargetChange[]): Promise<void>;
  /** Deletes a guard and what it holds (a guard that lost the race to another); gone is not an error. */
  remove(guardId: string): Promise<void>;
  /** Records operator vetoes, one per sync and user, each replacing that user's veto whole. */
  saveVetoes(vetoes: readonly RemovalVeto[]): Promise<void>;
  /** The veto on one user of a sync, or null. */
  getVeto(syncId: string, sourceUserId: string): Promise<RemovalVeto | null>;
  /** Every veto of a sync, ordered by source user. */
  listVetoes(syncId: string): Promise<readonly RemovalVeto[]>;
  /** Forgets a user's veto (the person changed since); gone is not an error. */
  removeVeto(syncId: string, sourceUserId: string): Promise<void>;
}

// ---------------------------------------------------------------------------------------------------------
// Counts for the status page, read with projections (keys and one property), never whole rows.

/** Counts for the status page. */
export interface StateCensus {
  /** Links of a sync by state. */
  linkStates(syncId: string): Promise<Readonly<Record<LinkState, number>>>;
  /** Dead letters xtsync parked under `scope` (a sync id, or `source-changes`). */
  deadLetterCount(scope: string): Promise<number>;
  /** Provisioning-log entries of a sync with outcome `failure` logged at `since` or later (all of them). */
  failuresSince(syncId: string, since: Date): Promise<number>;
}

// ---------------------------------------------------------------------------------------------------------
// The broker as status and replays see it (Service Bus in Azure, the in-process bus locally).

/** The dead-letter queue of the drain queue or of one target's subscription, counted. */
export interface BrokerDeadLetterCount {
  /** The entity path without `/$DeadLetterQueue`, e.g. `source-changes`, `target-changes/Subscriptions/target-x`. */
  readonly entity: string;
  /** The target tenant whose subscription this is; null for the drain queue. */
  readonly targetTenantId: string | null;
  readonly total: number;
  /** For a target subscription: messages per sync (their `syncId` application property). */
  readonly bySync: Readonly<Record<string, number>>;
}

/** Where dead letters are resubmitted from. */
export type DeadLetterSourceRef =
  | { readonly kind: 'source-changes' }
  | { readonly kind: 'target'; readonly targetTenantId: string; readonly syncId: string };

/** The bus as status and replays see it: dead letters, backlog, resubmission. */
export interface BusInspector {
  /** Every dead-letter queue xtsync's entities have, counted (up to 1000 each). */
  deadLetterCounts(): Promise<readonly BrokerDeadLetterCount[]>;
  /**
   * Target changes waiting for the apply step of a target tenant, per sync id; null when the transport
   * cannot tell without rights xtsync does not have (Service Bus runtime counts need Manage).
   */
  targetBacklog(targetTenantId: string): Promise<Readonly<Record<string, number>> | null>;
  /** Sends dead letters back to their entity (a target's only for one sync) and returns how many. */
  resubmitDeadLetters(from: DeadLetterSourceRef): Promise<number>;
}
