/**
 * The safety rails wired once per process over their ports: the sync gate and the deletion guard (with the
 * per-process state they share: cached link counts), and the operator's use cases (status, pause and
 * resume, guard decisions, dead-letter replays and discards). The composition root builds one and hands its
 * methods to the entry points.
 */
import { applyGatedChange, type GatedApplyOutcome } from './apply-gated-change.js';
import type { ApplyDeps } from './apply-target-change.js';
import type { JobStore, RemovalGuard, SyncGate } from './control-ports.js';
import {
  decideGuard,
  listGuards,
  type GuardDecision,
  type GuardDecisionResult,
  type GuardView,
} from './decide-guard.js';
import { createDeletionGuard } from './deletion-guard.js';
import { discardDeadLetters, type DiscardResult } from './discard-dead-letters.js';
import type { TargetChange } from './messages.js';
import { pauseSync, resumeSync, type PauseResult, type ResumeResult } from './pause-sync.js';
import type {
  Clock,
  CursorStore,
  DeadLetterStore,
  Logger,
  ProvisioningLog,
  SubscriptionStore,
  SyncQueue,
} from './ports.js';
import { failureOutcome, type QuarantinePolicy } from './quarantine-rules.js';
import { replayDeadLetters, type ReplayResult, type ReplayTarget } from './replay-dead-letters.js';
import { requestFullRound } from './request-full-round.js';
import type {
  BusInspector,
  GuardState,
  GuardStore,
  StateCensus,
  SyncControlStore,
  SyncCounterStore,
} from './safety-ports.js';
import type { Settlement } from './settle-failed-message.js';
import { createSyncGate } from './sync-gate.js';
import { syncStatus, type StatusReport } from './sync-status.js';
import type { TopologySource } from './topology-source.js';

/** The ports the safety rails run on. */
export interface SafetyDeps {
  readonly controls: SyncControlStore;
  readonly counters: SyncCounterStore;
  readonly guards: GuardStore;
  readonly census: StateCensus;
  readonly cursors: CursorStore;
  readonly subscriptions: SubscriptionStore;
  readonly provisioningLog: ProvisioningLog;
  readonly deadLetters: DeadLetterStore;
  readonly jobs: Pick<JobStore, 'list'>;
  readonly topology: TopologySource;
  readonly queue: SyncQueue;
  readonly bus: BusInspector;
  readonly clock: Clock;
  readonly policy: QuarantinePolicy;
}

/** The safety rails of one process, as the composition root hands them to the entry points. */
export interface SafetyServices {
  gate(logger: Logger): SyncGate;
  removalGuard(logger: Logger): RemovalGuard;
  /** The apply step behind the gate and the guard (see apply-gated-change.ts). */
  applyChange(change: TargetChange, deps: Omit<ApplyDeps, 'removalGuard'>): Promise<GatedApplyOutcome>;
  /**
   * Counts a change given up after its retries as a failure of its sync, unless its last error was
   * counted already (sync-breaking errors are counted as they happen).
   */
  noteSettlement(change: TargetChange, settlement: Settlement, error: unknown, logger: Logger): Promise<void>;
  status(): Promise<StatusReport>;
  pause(syncId: string, request: { by: string; reason: string | null }, logger: Logger): Promise<PauseResult>;
  resume(syncId: string, by: string, logger: Logger): Promise<ResumeResult>;
  listGuards(filter: { syncId?: string; state?: GuardState }): Promise<readonly GuardView[]>;
  decideGuard(
    guardId: string,
    decision: GuardDecision,
    by: string,
    logger: Logger,
  ): Promise<GuardDecisionResult>;
  replayDeadLetters(target: ReplayTarget, logger: Logger): Promise<ReplayResult>;
  /** Deletes the letters xtsync parked for a sync (also one no longer in the topology) or the drain queue. */
  discardDeadLetters(target: ReplayTarget, logger: Logger): Promise<DiscardResult>;
}

/** Wires the safety rails over `deps`. */
export function createSafetyServices(deps: SafetyDeps): SafetyServices {
  const linkCounts = new Map<string, { readonly count: number; readonly at: number }>();
  const { controls, counters, guards, clock, topology, queue } = deps;

  const gate = (logger: Logger): SyncGate =>
    createSyncGate({
      controls,
      counters,
      clock,
      logger,
      policy: deps.policy,
      onReleased: async (syncId) => {
        await requestFullRound(syncId, { topology, queue, clock });
      },
    });
  const removalGuard = (logger: Logger): RemovalGuard =>
    createDeletionGuard({
      controls,
      counters,
      guards,
      census: deps.census,
      topology,
      clock,
      logger,
      linkCounts,
    });
  const pauseDeps = (logger: Logger) => ({ controls, counters, topology, queue, clock, logger });

  return {
    gate,
    removalGuard,
    applyChange: (change, applyDeps) =>
      applyGatedChange(change, {
        ...applyDeps,
        gate: gate(applyDeps.logger),
        removalGuard: removalGuard(applyDeps.logger),
      }),
    async noteSettlement(change, settlement, error, logger) {
      if (settlement.kind !== 'dead-lettered' || settlement.reasonCode !== 'RETRIES_EXHAUSTED') return;
      if (failureOutcome(error) === 'failure') return;
      try {
        await gate(logger).recordOutcome(change.syncId, 'failure');
      } catch (recordError) {
        logger.warn('Could not record the outcome for quarantine', {
          syncId: change.syncId,
          error: recordError instanceof Error ? recordError.message : String(recordError),
        });
      }
    },
    status: () => syncStatus({ ...deps, controls, guards }),
    pause: (syncId, request, logger) => pauseSync(syncId, request, pauseDeps(logger)),
    resume: (syncId, by, logger) => resumeSync(syncId, by, pauseDeps(logger)),
    listGuards: (filter) => listGuards(guards, filter),
    decideGuard: (guardId, decision, by, logger) =>
      decideGuard(guardId, decision, by, {
        guards,
        controls,
        counters,
        queue,
        provisioningLog: deps.provisioningLog,
        clock,
        logger,
      }),
    replayDeadLetters: (target, logger) =>
      replayDeadLetters(target, {
        deadLetters: deps.deadLetters,
        queue,
        bus: deps.bus,
        topology,
        logger,
      }),
    discardDeadLetters: (target, logger) =>
      discardDeadLetters(target, { deadLetters: deps.deadLetters, logger }),
  };
}
