/**
 * The wired use cases, as the entry points see them. The composition root builds one AppServices per
 * process from settings (Azure) or from the local stack; triggers only parse input, call one of these with
 * a logger, and map the outcome to a status, a retry or a dead letter.
 */
import type { ApplyOutcome } from './apply-target-change.js';
import type { ApplyTopologyResult } from './apply-topology.js';
import type { DrainOutcome } from './drain-source-changes.js';
import type { HealthReport } from './check-health.js';
import type { DrainRequest, TargetChange } from './messages.js';
import type { Logger, ProvisioningLogEntry, ProvisioningLogQuery, TopologyVersion } from './ports.js';
import type { ReceiveNotificationsOutcome } from './receive-graph-notifications.js';
import type { Settlement } from './settle-failed-message.js';
import type { DoctorRun } from './run-doctor-on-source.js';

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
  applyTargetChange(change: TargetChange, logger: Logger): Promise<ApplyOutcome>;
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
}

/** Gives the process's AppServices, built on first use (registration must not do I/O). */
export type AppServicesProvider = () => Promise<AppServices>;
