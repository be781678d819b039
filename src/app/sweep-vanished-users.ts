/**
 * After a full delta round: users the mirror knows but the round did not show are gone from the source
 * (deleted while the cursor was invalid, or past the deleted-items retention). They are treated as
 * permanently deleted, so their target users follow the removal policy.
 */
import type { TopologySync } from '../core/topology/topology.js';
import { observeSourceUser } from './observe-source-user.js';
import { withRemovalBatches } from './removal-batches.js';
import type { Clock, Logger, SourceMirror, SyncQueue } from './ports.js';

export interface SweepDeps {
  readonly mirror: SourceMirror;
  readonly queue: SyncQueue;
  readonly clock: Clock;
  readonly anchorAttribute: string;
}

/** Publishes removals for users not seen in full round `roundId`; returns the number of messages. */
export async function sweepVanishedUsers(
  sourceTenantId: string,
  roundId: string,
  syncs: readonly TopologySync[],
  deps: SweepDeps,
  logger: Logger,
  correlationId: string,
): Promise<number> {
  let continuationToken: string | undefined;
  let published = 0;
  let vanished = 0;
  do {
    const page = await deps.mirror.list(sourceTenantId, continuationToken);
    continuationToken = page.continuationToken;
    const observedPage = page.items
      .filter(({ value }) => value.lastSeenRound !== roundId && value.state !== 'hard-deleted')
      .map((stored) =>
        observeSourceUser({ kind: 'removed', id: stored.value.userId, reason: 'deleted' }, stored, {
          sourceTenantId,
          syncs,
          anchorAttribute: deps.anchorAttribute,
          roundId,
          roundIsFull: true,
          correlationId,
          now: deps.clock.now(),
          logger,
        }),
      );
    vanished += observedPage.length;
    // One batch per mirror page: the deletion guard holds a mass disappearance whole.
    const messages = withRemovalBatches(observedPage.flatMap((observed) => observed.messages));
    if (messages.length > 0) await deps.queue.publishTargetChanges(messages);
    for (const { mirror, etag } of observedPage) if (mirror) await deps.mirror.save(mirror, etag);
    published += messages.length;
  } while (continuationToken !== undefined);
  if (vanished > 0)
    logger.warn('Users vanished from the source during a full round', { vanished, published });
  return published;
}
