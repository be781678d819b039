/**
 * Marks the removals the drain publishes together (one delta page) with their batch: an id and how many
 * removals of the same sync it holds. The deletion guard decides once per batch, so a scope change that
 * would remove more users than a sync's threshold is held whole instead of partly applied. Only removals
 * whose decision changed are batched: one `republished` because of a full round's reset list (most of them
 * already applied long ago) is counted alone, and only if it still disables or deletes someone, so a page of
 * already-disabled leavers does not charge the threshold for a single new one.
 */
import { stableHash } from '../core/hashing.js';
import { targetChangeMessageId, type TargetChange } from './messages.js';

/**
 * Returns `changes` with `removalBatch` set on every removal. The batch id is derived from the batch's
 * message ids, so a drain replayed after a crash republishes the very same messages.
 */
export function withRemovalBatches(changes: readonly TargetChange[]): TargetChange[] {
  const bySync = new Map<string, TargetChange[]>();
  for (const change of changes) {
    if (!isBatched(change)) continue;
    bySync.set(change.syncId, [...(bySync.get(change.syncId) ?? []), change]);
  }
  const batches = new Map<string, { readonly id: string; readonly size: number }>();
  for (const [syncId, removals] of bySync) {
    const ids = removals.map(targetChangeMessageId).sort();
    batches.set(syncId, { id: `rb-${stableHash(ids).slice(0, 32)}`, size: removals.length });
  }
  return changes.map((change) => {
    const batch = isBatched(change) ? batches.get(change.syncId) : undefined;
    return batch ? { ...change, removalBatch: batch } : change;
  });
}

function isBatched(change: TargetChange): boolean {
  return change.kind === 'remove' && change.republished !== true;
}
