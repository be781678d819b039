import { randomUUID } from 'node:crypto';
import type { SyncPlan } from '../core/sync-plan.js';
import type { TargetChange } from './messages.js';
import type { ProvisioningLogEntry } from './ports.js';

export interface EntryFacts {
  readonly targetUserId: string | null;
  readonly at: Date;
  readonly durationMs: number;
  readonly error?: { readonly code: string; readonly message: string };
}

/**
 * The provisioning-log row for one applied (or failed) change: what was decided and why, which attributes
 * were written, what it cost in Graph writes, and the error code when it failed.
 */
export function provisioningLogEntry(
  change: TargetChange,
  plan: SyncPlan | null,
  facts: EntryFacts,
): ProvisioningLogEntry {
  const failed = facts.error !== undefined;
  return {
    id: randomUUID(),
    at: facts.at.toISOString(),
    syncId: change.syncId,
    sourceTenantId: change.sourceTenantId,
    targetTenantId: change.targetTenantId,
    sourceUserId: change.sourceUserId,
    targetUserId: facts.targetUserId,
    action: plan?.action ?? 'none',
    outcome: failed ? 'failure' : plan === null || plan.action === 'none' ? 'skipped' : 'success',
    reason:
      plan?.explanation ?? (change.kind === 'remove' ? `Source user ${change.reason}.` : 'Planning failed.'),
    changedAttributes: plan?.changedAttributes ?? [],
    graphWrites: failed ? 0 : (plan?.graphWrites ?? 0),
    durationMs: facts.durationMs,
    correlationId: change.correlationId,
    errorCode: facts.error?.code ?? null,
    errorMessage: facts.error?.message.slice(0, 1000) ?? null,
  };
}
