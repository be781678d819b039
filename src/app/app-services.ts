/**
 * The wired use cases, as the entry points see them. The composition root builds one AppServices per
 * process from settings (Azure) or from the local stack; triggers only parse input, call one of these with
 * a logger, and map the outcome to a status, a retry or a dead letter.
 */
import type { GatedApplyOutcome } from './apply-gated-change.js';
import type { ApplyTopologyResult } from './apply-topology.js';
import type { DrainOutcome } from './drain-source-changes.js';
import type { HealthReport } from './check-health.js';
import type { DrainRequest, TargetChange } from './messages.js';
import type { Logger, ProvisioningLogEntry, ProvisioningLogQuery, TopologyVersion } from './ports.js';
import type { ReceiveNotificationsOutcome } from './receive-graph-notifications.js';
import type { Settlement } from './settle-failed-message.js';
import type { DoctorRun } from './run-doctor-on-source.js';
import type { JobKind, JobRecord } from './control-ports.js';
import type { GuardDecision, GuardDecisionResult, GuardView } from './decide-guard.js';
import type { PauseResult, ResumeResult } from './pause-sync.js';
import type { DiscardResult } from './discard-dead-letters.js';
import type { ReplayResult, ReplayTarget } from './replay-dead-letters.js';
import type { GuardState } from './safety-ports.js';
import type { StatusReport } from './sync-status.js';
import type { OnDemandOutcome } from './on-demand-report.js';
import type { OnDemandRequest } from './provision-on-demand.js';
import type { FullResyncOutcome, FullResyncTarget } from './start-full-resync.js';
import type { StartReconcileOutcome } from './reconcile-job.js';
import type { TopologyPlan } from './plan-topology.js';

/** A message that failed, as the trigger knows it. */
export interface FailedMessage<T> {
  readonly message: T;
  readonly messageId: string;
  readonly error: unknown;
}

export interface AppServices {
  receiveNotifications(
    notifications: readonly unknown[],
    logger: Logger,
  ): Promise<ReceiveNotificationsOutcome>;
  drainSource(request: DrainRequest, logger: Logger): Promise<DrainOutcome>;
  /** Applies a target change unless its sync is paused or quarantined (then it is skipped and logged). */
  applyTargetChange(change: TargetChange, logger: Logger): Promise<GatedApplyOutcome>;
  /** Reschedules or dead-letters a failed drain. */
  settleDrainFailure(failed: FailedMessage<DrainRequest>, logger: Logger): Promise<Settlement>;
  /** Reschedules or dead-letters a failed target change. */
  settleTargetChangeFailure(failed: FailedMessage<TargetChange>, logger: Logger): Promise<Settlement>;
  /** Parks a message that could not even be parsed, with the reason, in the dead letters of `scope`. */
  deadLetterInvalidMessage(
    scope: string,
    messageId: string,
    body: unknown,
    reason: string,
    logger: Logger,
  ): Promise<void>;
  applyTopology(source: string, appliedBy: string, logger: Logger): Promise<ApplyTopologyResult>;
  activeTopology(): Promise<TopologyVersion | null>;
  queryProvisioningLog(query: ProvisioningLogQuery): Promise<readonly ProvisioningLogEntry[]>;
  checkHealth(): Promise<HealthReport>;
  /**
   * Checks what an administrator must set up for a topology (`topologySource`, YAML) or, when null, for the
   * active one; `no-active-topology` when there is neither. Throws TopologyError for an invalid file.
   */
  runDoctor(topologySource: string | null, logger: Logger): Promise<DoctorRun>;
  /** Provisions up to 50 users of one sync now and reports each step (`POST /api/resync` with users). */
  provisionOnDemand(request: OnDemandRequest, logger: Logger): Promise<OnDemandOutcome>;
  /** Starts a full resync of a sync or a source tenant as a job (`POST /api/resync` without users). */
  startFullResync(target: FullResyncTarget, requestedBy: string, logger: Logger): Promise<FullResyncOutcome>;
  /** A job as operators see it (a stale unfinished one reported failed); null when unknown. */
  readJob(id: string, logger: Logger): Promise<JobRecord | null>;
  /** Recent jobs, newest first, as operators see them (a stale unfinished one reported failed). */
  listJobs(
    options: { readonly kind?: JobKind; readonly limit: number },
    logger: Logger,
  ): Promise<readonly JobRecord[]>;
  /** Reconciles every sync now, in the foreground, recorded as a job (the `reconcile` timer). */
  reconcile(requestedBy: string, logger: Logger): Promise<JobRecord>;
  /** Starts reconciling one sync or every sync as a background job (`POST /api/reconcile`). */
  startReconcile(
    request: { readonly syncId?: string },
    requestedBy: string,
    logger: Logger,
  ): Promise<StartReconcileOutcome>;
  /**
   * What applying a topology file would create, update and remove per sync, without writing anything
   * (`POST /api/topology?dryRun=true`). Throws TopologyError for an invalid file.
   */
  planTopology(source: string, logger: Logger): Promise<TopologyPlan>;
  /** Every sync's state, links, last drain and reconcile, subscription, backlog and errors (`GET /api/status`). */
  syncStatus(): Promise<StatusReport>;
  /** Pauses a sync: nothing is applied for it until it is resumed; `unknown-sync` when not in the topology. */
  pauseSync(
    syncId: string,
    request: { readonly by: string; readonly reason: string | null },
    logger: Logger,
  ): Promise<PauseResult>;
  /** Clears a pause and a quarantine and asks for a full round of the sync. */
  resumeSync(syncId: string, by: string, logger: Logger): Promise<ResumeResult>;
  /** Deletion guards, newest first, with the removals each holds. */
  listGuards(filter: {
    readonly syncId?: string;
    readonly state?: GuardState;
  }): Promise<readonly GuardView[]>;
  /** Approves (republishes) or rejects (discards) the removals a guard holds. */
  decideGuard(
    guardId: string,
    decision: GuardDecision,
    by: string,
    logger: Logger,
  ): Promise<GuardDecisionResult>;
  /** Replays one sync's dead letters, or the drain queue's, parked and in the broker. */
  replayDeadLetters(target: ReplayTarget, logger: Logger): Promise<ReplayResult>;
  /** Deletes the dead letters xtsync parked for a sync (also one no longer in the topology) or the drain queue. */
  discardDeadLetters(target: ReplayTarget, logger: Logger): Promise<DiscardResult>;
}

/** Gives the process's AppServices, built on first use (registration must not do I/O). */
export type AppServicesProvider = () => Promise<AppServices>;
