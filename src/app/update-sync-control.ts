/**
 * Read-modify-write of a sync's control row with ETags: the change is computed from the row as stored and
 * written conditionally; a lost race re-reads and computes again, so concurrent writers (an operator's pause,
 * a quarantine, a guard tripping) never overwrite each other.
 */
import { isSyncError } from '../core/sync-errors.js';
import type { SyncControl, SyncControlStore } from './safety-ports.js';

/** The row with nothing set: an open, unguarded sync. */
export function openSyncControl(syncId: string, now: Date): SyncControl {
  return { syncId, pause: null, quarantine: null, pendingGuardId: null, updatedAt: now.toISOString() };
}

/** What an update did: whether it wrote, and the row as it now stands (null when there is none). */
export interface ControlUpdate {
  readonly changed: boolean;
  readonly control: SyncControl | null;
}

const maxTries = 8;

/**
 * Applies `change` to the control row of `syncId`. `change` gets the current row (or an open one when there
 * is none) and returns the new row, or null to leave it as it is.
 *
 * @throws SyncError `STATE.CONFLICT` (retryable) when the row keeps changing under it; other store errors.
 */
export async function updateSyncControl(
  store: SyncControlStore,
  syncId: string,
  now: () => Date,
  change: (current: SyncControl) => SyncControl | null,
): Promise<ControlUpdate> {
  for (let attempt = 1; ; attempt++) {
    const stored = await store.get(syncId);
    const current = stored?.value ?? openSyncControl(syncId, now());
    const next = change(current);
    if (next === null) return { changed: false, control: stored?.value ?? null };
    try {
      const updated = { ...next, updatedAt: now().toISOString() };
      await store.save(updated, stored?.etag ?? null);
      return { changed: true, control: updated };
    } catch (error) {
      if (!isSyncError(error, 'STATE.CONFLICT') || attempt >= maxTries) throw error;
    }
  }
}
