/**
 * The apply step behind the safety rails: the sync gate is asked first (a paused sync, or a quarantined one
 * outside its probe, skips the change and logs why; the full round on resume or release redoes it), the
 * deletion guard may hold a removal, and every outcome is reported to the gate so a failing sync is
 * quarantined and a successful probe releases it.
 */
import { applyTargetChange, type ApplyDeps, type ApplyOutcome } from './apply-target-change.js';
import type { RemovalGuard, SyncGate } from './control-ports.js';
import type { TargetChange } from './messages.js';
import { failureOutcome } from './quarantine-rules.js';
import { skippedLogEntry } from './skipped-log-entry.js';

/** The apply step's dependencies plus the gate and the guard. */
export interface GatedApplyDeps extends ApplyDeps {
  readonly gate: SyncGate;
  readonly removalGuard: RemovalGuard;
}

/** A change the gate did not let through: nothing was read or written in the target. */
export interface SkippedChange {
  readonly skipped: 'paused' | 'quarantined';
  readonly reason: string;
}

/** What the gated apply step did. */
export type GatedApplyOutcome = ApplyOutcome | SkippedChange;

/**
 * Applies `change` unless its sync is paused or quarantined.
 *
 * @throws what {@link applyTargetChange} throws, after reporting the failure to the gate.
 */
export async function applyGatedChange(
  change: TargetChange,
  deps: GatedApplyDeps,
): Promise<GatedApplyOutcome> {
  const { gate, logger } = deps;
  const decision = await gate.check(change.syncId);
  if (decision.kind === 'paused' || (decision.kind === 'quarantined' && !decision.probe)) {
    const reason =
      decision.kind === 'paused' ? 'sync paused' : `sync quarantined until ${decision.retryAt.toISOString()}`;
    await deps.provisioningLog.append(skippedLogEntry(change, { reason, at: deps.clock.now() }));
    logger.info('Target change skipped', {
      syncId: change.syncId,
      sourceUserId: change.sourceUserId,
      reason,
    });
    return { skipped: decision.kind, reason };
  }
  // Only this invocation's outcome may end the probe it was given (not one admitted before the quarantine).
  const probeToken = decision.kind === 'quarantined' ? decision.probeToken : undefined;
  let outcome: ApplyOutcome;
  try {
    outcome = await applyTargetChange(change, { ...deps, removalGuard: deps.removalGuard });
  } catch (error) {
    await report(deps, change.syncId, failureOutcome(error), probeToken);
    throw error;
  }
  // Nothing written (already as desired, stale, held, vetoed) says nothing about whether the target works.
  const worked =
    outcome.heldBy === undefined && outcome.vetoedBy === undefined && outcome.plan.action !== 'none';
  await report(deps, change.syncId, worked ? 'success' : 'neutral', probeToken);
  return outcome;
}

/** Counting is best effort: a lost count must not fail (and so repeat) a change that was applied. */
async function report(
  deps: GatedApplyDeps,
  syncId: string,
  outcome: 'success' | 'failure' | 'neutral',
  probeToken: string | undefined,
): Promise<void> {
  try {
    await deps.gate.recordOutcome(syncId, outcome, probeToken);
  } catch (error) {
    deps.logger.warn('Could not record the outcome for quarantine', {
      syncId,
      outcome,
      error: error instanceof Error ? error.message : String(error),
    });
  }
}
