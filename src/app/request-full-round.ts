/**
 * A full round for one sync: the drain of its source tenant re-reads every user and republishes every
 * decision of that sync (`resetSyncIds`), so the apply step re-checks each user against its link. Resuming
 * a paused sync and releasing a quarantined one both end with it, so nothing skipped meanwhile is lost.
 */
import { randomUUID } from 'node:crypto';
import type { Clock, SyncQueue } from './ports.js';
import type { TopologySource } from './topology-source.js';

/** What asking for a full round needs. */
export interface FullRoundDeps {
  readonly topology: TopologySource;
  readonly queue: SyncQueue;
  readonly clock: Clock;
}

/**
 * Enqueues the full round for `syncId` and returns its correlation id, or null when the sync is not in the
 * active topology (nothing to re-check).
 */
export async function requestFullRound(syncId: string, deps: FullRoundDeps): Promise<string | null> {
  const sync = (await deps.topology.current())?.topology.syncs.find((candidate) => candidate.id === syncId);
  if (!sync) return null;
  const correlationId = randomUUID();
  await deps.queue.enqueueDrains([
    {
      kind: 'drain',
      sourceTenantId: sync.fromTenantId,
      reason: 'resync',
      hintedUserIds: [],
      notifiedAt: deps.clock.now().toISOString(),
      attempt: 0,
      correlationId,
      resetSyncIds: [syncId],
    },
  ]);
  return correlationId;
}
