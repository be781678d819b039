/**
 * An operator's answer to a deletion guard. Approve: the held removals are republished through the queue
 * (marked as released by an operator, so they are not held again) and apply normally; the sync's rolling
 * hour starts afresh. Reject: the held removals are discarded, the target users stay, and the provisioning
 * log says so for each; a veto per user (removal-vetoes.ts) keeps later removals of them at the same source
 * version, from the drain or a reconcile run, from being applied or counted. Either way the sync's removals
 * flow again.
 */
import { isSyncError } from '../core/sync-errors.js';
import type { TargetChange } from './messages.js';
import type { Clock, Logger, ProvisioningLog, SyncQueue } from './ports.js';
import { emptyRemovalWindow } from './removal-window.js';
import type { DeletionGuardRecord, GuardStore, SyncControlStore, SyncCounterStore } from './safety-ports.js';
import { recordVetoes } from './removal-vetoes.js';
import { removalAction, skippedLogEntry } from './skipped-log-entry.js';
import { updateSyncControl } from './update-sync-control.js';

/** An operator's answer to a guard. */
export type GuardDecision = 'approve' | 'reject';

/** A guard as the admin API shows it: the record and how many removals it holds now. */
export type GuardView = DeletionGuardRecord & { readonly held: number };

/** What deciding did: decided (with the counts), no such guard, or decided the other way already. */
export type GuardDecisionResult =
  | {
      readonly kind: 'decided';
      readonly guard: GuardView;
      /** Removals republished (approve) or discarded (reject) by this call. */
      readonly released: number;
      readonly discarded: number;
    }
  | { readonly kind: 'not-found' }
  | { readonly kind: 'conflict'; readonly guard: GuardView; readonly message: string };

/** What deciding a guard needs. */
export interface DecideGuardDeps {
  readonly guards: GuardStore;
  readonly controls: SyncControlStore;
  readonly counters: SyncCounterStore;
  readonly queue: SyncQueue;
  readonly provisioningLog: ProvisioningLog;
  readonly clock: Clock;
  readonly logger: Logger;
}

const publishChunk = 100;

/**
 * Approves or rejects guard `guardId` as `decidedBy`. Deciding again the way it was decided finishes a
 * decision an earlier call could not complete (republishing is idempotent: replays keep their message ids).
 */
export async function decideGuard(
  guardId: string,
  decision: GuardDecision,
  decidedBy: string,
  deps: DecideGuardDeps,
): Promise<GuardDecisionResult> {
  const { guards, clock } = deps;
  const target = decision === 'approve' ? 'approved' : 'rejected';
  let stored = await guards.get(guardId);
  if (!stored) return { kind: 'not-found' };
  if (stored.value.state === 'pending') {
    const decided = {
      ...stored.value,
      state: target,
      decidedAt: clock.now().toISOString(),
      decidedBy,
    } as const;
    try {
      await guards.save(decided, stored.etag);
    } catch (error) {
      if (!isSyncError(error, 'STATE.CONFLICT')) throw error;
    }
    stored = await guards.get(guardId);
    if (!stored) return { kind: 'not-found' };
  }
  const guard = stored.value;
  if (guard.state !== target) {
    return {
      kind: 'conflict',
      guard: { ...guard, held: await guards.countHeld(guardId) },
      message: `Guard ${guardId} was already ${guard.state}${guard.decidedBy ? ` by ${guard.decidedBy}` : ''}; it cannot be ${target} now.`,
    };
  }

  const held = await guards.held(guardId);
  // The vetoes are in place before the sync's removals flow again, so none of the kept users slips through.
  if (decision === 'reject') await recordVetoes(guards, guard, held, clock.now());
  await updateSyncControl(
    deps.controls,
    guard.syncId,
    () => clock.now(),
    (current) => (current.pendingGuardId === guardId ? { ...current, pendingGuardId: null } : null),
  );
  if (decision === 'approve') {
    await resetRemovalWindow(guard.syncId, deps.counters);
    const replayId = `g${guardId.replace(/-/g, '').slice(0, 19)}`;
    const released: TargetChange[] = held.map((change) => ({
      ...change,
      origin: 'operator',
      attempt: 0,
      replayId,
    }));
    for (let start = 0; start < released.length; start += publishChunk) {
      await deps.queue.publishTargetChanges(released.slice(start, start + publishChunk));
    }
  } else {
    const at = clock.now();
    for (const change of held) {
      await deps.provisioningLog.append(
        skippedLogEntry(change, {
          reason: 'removal rejected by operator',
          at,
          action: removalAction(change),
        }),
      );
    }
  }
  await guards.drop(guardId, held);
  deps.logger.info(`Deletion guard ${target}`, {
    guardId,
    syncId: guard.syncId,
    decidedBy: guard.decidedBy,
    removals: held.length,
  });
  return {
    kind: 'decided',
    guard: { ...guard, held: 0 },
    released: decision === 'approve' ? held.length : 0,
    discarded: decision === 'reject' ? held.length : 0,
  };
}

/** Lists guards (newest first) with how many removals each holds. */
export async function listGuards(
  guards: GuardStore,
  filter: { readonly syncId?: string; readonly state?: DeletionGuardRecord['state'] } = {},
): Promise<readonly GuardView[]> {
  const records = await guards.list(filter);
  return Promise.all(records.map(async (guard) => ({ ...guard, held: await guards.countHeld(guard.id) })));
}

/** Approved removals start the sync's rolling hour afresh, so the next leavers are not held at once. */
async function resetRemovalWindow(syncId: string, counters: SyncCounterStore): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const stored = await counters.getRemovalWindow(syncId);
    try {
      await counters.saveRemovalWindow(emptyRemovalWindow(syncId), stored?.etag ?? null);
      return;
    } catch (error) {
      if (!isSyncError(error, 'STATE.CONFLICT') || attempt >= 8) throw error;
    }
  }
}
