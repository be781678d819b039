/**
 * What a drain leaves for later: the rest of an unfinished round, re-checks of notified users the delta did
 * not show yet (Graph replicates writes with a lag), and one "settle" read after a notification burst so
 * that a second change to a user, still replicating when the first was read, is not missed.
 */
import { randomUUID } from 'node:crypto';
import type { DrainSettings } from './drain-settings.js';
import type { DrainRequest } from './messages.js';
import type { Clock, Logger, SyncQueue } from './ports.js';

export interface FollowUpState {
  readonly complete: boolean;
  readonly seen: ReadonlySet<string>;
  readonly settings: DrainSettings;
}

export interface FollowUpDeps {
  readonly queue: SyncQueue;
  readonly clock: Clock;
  readonly logger: Logger;
}

/** Schedules the follow-up drains of `request` given how far this run got. */
export async function scheduleFollowUps(
  request: DrainRequest,
  state: FollowUpState,
  deps: FollowUpDeps,
): Promise<void> {
  const now = deps.clock.now().getTime();
  const base = {
    kind: 'drain' as const,
    sourceTenantId: request.sourceTenantId,
    correlationId: request.correlationId,
  };
  const unseen = request.hintedUserIds.filter((id) => !state.seen.has(id));

  if (!state.complete) {
    // The cursor holds the next link; any drain continues from it. Hints, a resync's reset list and its
    // job travel along with the rest of the round.
    await deps.queue.enqueueDrains([
      {
        ...base,
        reason: 'recheck',
        hintedUserIds: unseen,
        notifiedAt: request.notifiedAt,
        attempt: 0,
        correlationId: randomUUID(),
        ...(request.resetSyncIds ? { resetSyncIds: request.resetSyncIds } : {}),
        ...(request.jobId ? { jobId: request.jobId } : {}),
      },
    ]);
    return;
  }

  if (unseen.length > 0) {
    const recheck = request.recheck ?? 0;
    const delay = state.settings.recheckDelaysMs[recheck];
    if (delay === undefined) {
      deps.logger.info('Notified users never appeared in delta (the change may touch no selected property)', {
        users: unseen.length,
        rechecks: recheck,
      });
    } else {
      const at = now + delay;
      await deps.queue.scheduleDrain(
        {
          ...base,
          reason: 'recheck',
          hintedUserIds: unseen,
          notifiedAt: request.notifiedAt,
          attempt: 0,
          recheck: recheck + 1,
          // In a burst every drain finds the others' users already read and re-checks them: one re-check
          // per tenant, step and second is enough (any drain reads every visible change).
          dedupeKey: `recheck:${request.sourceTenantId}:${recheck + 1}:${Math.floor(at / 1000)}`,
        },
        new Date(at),
      );
    }
  }

  if (request.reason === 'notification' && state.settings.settleAfterMs > 0) {
    const at = Date.parse(request.notifiedAt) + state.settings.settleAfterMs;
    const bucket = Math.floor(at / state.settings.settleBucketMs);
    await deps.queue.scheduleDrain(
      {
        ...base,
        reason: 'recheck',
        hintedUserIds: [],
        notifiedAt: request.notifiedAt,
        attempt: 0,
        // One settle read per tenant and time bucket is enough: later ones in the bucket are dropped.
        dedupeKey: `settle:${request.sourceTenantId}:${bucket}`,
      },
      new Date(Math.max(at, now)),
    );
  }
}
