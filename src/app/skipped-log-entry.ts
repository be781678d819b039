/**
 * Provisioning-log rows for changes the safety rails did not apply: skipped while a sync is paused or
 * quarantined, held by a deletion guard, or discarded when an operator rejects the guard.
 */
import { randomUUID } from 'node:crypto';
import type { TargetChange } from './messages.js';
import type { ProvisioningLogEntry, SyncAction } from './ports.js';

/** A `skipped` entry for `change`: no Graph call was made, so no writes and no attributes changed. */
export function skippedLogEntry(
  change: TargetChange,
  facts: {
    readonly reason: string;
    readonly at: Date;
    readonly action?: SyncAction;
    readonly targetUserId?: string | null;
  },
): ProvisioningLogEntry {
  return {
    id: randomUUID(),
    at: facts.at.toISOString(),
    syncId: change.syncId,
    sourceTenantId: change.sourceTenantId,
    targetTenantId: change.targetTenantId,
    sourceUserId: change.sourceUserId,
    targetUserId: facts.targetUserId ?? null,
    action: facts.action ?? 'none',
    outcome: 'skipped',
    reason: facts.reason,
    changedAttributes: [],
    graphWrites: 0,
    durationMs: 0,
    correlationId: change.correlationId,
    errorCode: null,
    errorMessage: null,
  };
}

/** The action a held removal would have taken: its removal policy's. */
export function removalAction(change: TargetChange): SyncAction {
  return change.removalPolicy.mode === 'delete' ? 'delete' : 'disable';
}
