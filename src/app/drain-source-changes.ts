/**
 * The drain of one source tenant: read `/users/delta` from the stored cursor, fold each user into the
 * mirror, and publish desired states and removals for every sync from that tenant. The delta cursor is the
 * truth; notifications only say "look now" and name users to re-check if the delta does not show them yet.
 */
import { randomUUID } from 'node:crypto';
import pLimit from 'p-limit';
import { sourceSelectFor } from '../core/source-attributes.js';
import { SyncError } from '../core/sync-errors.js';
import type { DrainRequest, TargetChange } from './messages.js';
import { observeSourceUser, type ObserveContext } from './observe-source-user.js';
import type {
  Clock,
  CursorStore,
  DeltaCursor,
  DeltaStart,
  DeltaUserChange,
  DirectoryProvider,
  Logger,
  SourceMirror,
  SyncQueue,
} from './ports.js';
import type { DrainJobProgress } from './drain-job-progress.js';
import { defaultDrainSettings, type DrainSettings } from './drain-settings.js';
import { withRemovalBatches } from './removal-batches.js';
import { scheduleFollowUps } from './schedule-drain-follow-ups.js';
import { sourceReadingHash } from './source-reading-hash.js';
import { sweepVanishedUsers } from './sweep-vanished-users.js';
import type { TopologySource } from './topology-source.js';

export interface DrainDeps {
  readonly topology: TopologySource;
  readonly directories: DirectoryProvider;
  readonly cursors: CursorStore;
  readonly mirror: SourceMirror;
  readonly queue: SyncQueue;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly anchorAttribute: string;
  /** Acts on a subscription lifecycle event (renew, recreate) before reading the delta. */
  readonly onLifecycle?: (
    lifecycle: NonNullable<DrainRequest['lifecycle']>,
    tenantId: string,
  ) => Promise<void>;
  readonly settings?: Partial<DrainSettings>;
  /** Where a drain working for an admin job (`request.jobId`, a full resync) reports its progress. */
  readonly jobProgress?: DrainJobProgress;
}

export interface DrainOutcome {
  readonly pages: number;
  readonly usersSeen: number;
  readonly messagesPublished: number;
  readonly roundComplete: boolean;
  readonly fullRound: boolean;
  readonly resynced: boolean;
}

/**
 * Drains one source tenant.
 *
 * @throws SyncError for Graph, state or bus failures (retryable ones are retried by the entry point;
 *   replaying a drain is safe: it republishes the same message ids and the broker drops them).
 */
export async function drainSourceChanges(request: DrainRequest, deps: DrainDeps): Promise<DrainOutcome> {
  const { outcome, jobIds } = await drainRound(request, deps);
  // Every job the round carries hears of this run, whichever drain ran it; the run that completes the round
  // completes them.
  for (const jobId of jobIds) await deps.jobProgress?.recordRun(jobId, outcome);
  return outcome;
}

async function drainRound(
  request: DrainRequest,
  deps: DrainDeps,
): Promise<{ outcome: DrainOutcome; jobIds: readonly string[] }> {
  const settings = { ...defaultDrainSettings, ...deps.settings };
  const tenantId = request.sourceTenantId;
  const logger = deps.logger.child({ sourceTenantId: tenantId, correlationId: request.correlationId });
  if (request.lifecycle && deps.onLifecycle) await deps.onLifecycle(request.lifecycle, tenantId);

  const syncs =
    (await deps.topology.current(request.topologyVersion))?.topology.syncs.filter(
      (s) => s.fromTenantId === tenantId,
    ) ?? [];
  if (syncs.length === 0) {
    logger.info('No sync reads from this tenant; nothing to drain');
    const outcome = {
      pages: 0,
      usersSeen: 0,
      messagesPublished: 0,
      roundComplete: true,
      fullRound: false,
      resynced: false,
    };
    return { outcome, jobIds: request.jobId === undefined ? [] : [request.jobId] };
  }
  const select = sourceSelectFor(syncs, deps.anchorAttribute);
  const readingHash = sourceReadingHash(syncs, deps.anchorAttribute);
  const directory = deps.directories.forTenant(tenantId);

  const stored = await deps.cursors.get(tenantId);
  let etag = stored?.etag ?? null;
  const unfinished = stored && !stored.value.roundComplete ? stored.value : undefined;
  // A resync that republishes syncs starts a fresh round even over an unfinished one, so no user is missed
  // — unless it is a retry of the very request that restarted the current round: that one continues it.
  const restart =
    request.reason === 'resync' &&
    (request.resetSyncIds?.length ?? 0) > 0 &&
    unfinished?.restartedBy !== request.correlationId;
  let round = startRound(stored?.value, readingHash, request.reason === 'resync', restart);
  // The round's reset list and jobs live in the cursor: every drain continuing the round applies them, and a
  // restart over an unfinished round keeps what that round still owed.
  const carried = unfinished && (restart || round.roundId === unfinished.roundId) ? unfinished : undefined;
  const resetSyncIds = new Set([...(carried?.resetSyncIds ?? []), ...(request.resetSyncIds ?? [])]);
  const jobIds = [
    ...new Set([...(carried?.jobIds ?? []), ...(request.jobId === undefined ? [] : [request.jobId])]),
  ];
  const restartedBy = restart ? request.correlationId : carried?.restartedBy;
  let start: DeltaStart =
    round.link === null ? { kind: 'initial', select } : { kind: 'link', link: round.link };
  const seen = new Set<string>();
  let pages = 0;
  let published = 0;
  let resynced = false;
  let complete = false;

  while (pages < settings.maxPagesPerRun) {
    const result = await directory.readDelta(start);
    if (result.kind === 'resync-required') {
      if (resynced)
        throw new SyncError('GRAPH.RESYNC_REQUIRED', 'Graph asked for a resync twice in one drain.', {
          retryable: true,
        });
      logger.warn('Delta cursor no longer valid; starting a full round', { reason: result.reason });
      resynced = true;
      round = { roundId: randomUUID(), full: true, link: null };
      start = { kind: 'initial', select };
      continue;
    }
    pages += 1;
    const { page } = result;
    published += await processPage(
      page.changes,
      {
        sourceTenantId: tenantId,
        syncs,
        anchorAttribute: deps.anchorAttribute,
        roundId: round.roundId,
        roundIsFull: round.full,
        correlationId: request.correlationId,
        now: deps.clock.now(),
        logger,
        ...(resetSyncIds.size > 0 ? { resetSyncIds } : {}),
        // A full resync job also has the apply step check each target user (removed or edited by hand).
        ...(resetSyncIds.size > 0 && jobIds.length > 0 ? { verifyTargets: true } : {}),
      },
      deps,
      settings.concurrency,
    );
    for (const change of page.changes) seen.add(change.kind === 'present' ? change.user.id : change.id);

    const link = page.deltaLink ?? page.nextLink;
    if (!link)
      throw new SyncError('GRAPH.UNEXPECTED', 'A delta page had neither a next link nor a delta link.');
    complete = page.deltaLink !== undefined;
    // A full round's sweep runs before the round is saved as complete: if it fails, the retry re-reads this
    // page and sweeps again, instead of starting an incremental round that would never sweep.
    if (complete && round.full) {
      published += await sweepVanishedUsers(
        tenantId,
        round.roundId,
        syncs,
        deps,
        logger,
        request.correlationId,
      );
    }
    const cursor: DeltaCursor = {
      sourceTenantId: tenantId,
      link,
      roundComplete: complete,
      selectHash: readingHash,
      roundId: round.roundId,
      roundIsFull: round.full,
      updatedAt: deps.clock.now().toISOString(),
      // What the round owes travels with it until it completes.
      ...(complete || resetSyncIds.size === 0 ? {} : { resetSyncIds: [...resetSyncIds] }),
      ...(complete || jobIds.length === 0 ? {} : { jobIds }),
      ...(complete || restartedBy === undefined ? {} : { restartedBy }),
    };
    etag = await deps.cursors.save(cursor, etag);
    if (complete) break;
    start = { kind: 'link', link };
  }

  await scheduleFollowUps(request, { complete, seen, settings }, deps);
  logger.info('Drain finished', {
    pages,
    usersSeen: seen.size,
    messagesPublished: published,
    roundComplete: complete,
    fullRound: round.full,
  });
  const outcome = {
    pages,
    usersSeen: seen.size,
    messagesPublished: published,
    roundComplete: complete,
    fullRound: round.full,
    resynced,
  };
  return { outcome, jobIds };
}

interface RoundStart {
  readonly roundId: string;
  readonly full: boolean;
  /** Where to continue, or null for a fresh initial round. */
  readonly link: string | null;
}

function startRound(
  cursor: DeltaCursor | undefined,
  readingHash: string,
  forceFull: boolean,
  restart = false,
): RoundStart {
  // A different $select or different sync rules need every user re-evaluated: a fresh full round.
  if (!cursor || cursor.selectHash !== readingHash) return { roundId: randomUUID(), full: true, link: null };
  // An unfinished round continues (a forced resync waits for an unfinished full round, not a partial one).
  if (!cursor.roundComplete && !restart && (!forceFull || cursor.roundIsFull)) {
    return { roundId: cursor.roundId, full: cursor.roundIsFull, link: cursor.link };
  }
  if (forceFull) return { roundId: randomUUID(), full: true, link: null };
  return { roundId: randomUUID(), full: false, link: cursor.link };
}

async function processPage(
  changes: readonly DeltaUserChange[],
  context: ObserveContext,
  deps: DrainDeps,
  concurrency: number,
): Promise<number> {
  // The same user may appear twice in a page; the last item wins and each user is processed once.
  const latest = new Map<string, DeltaUserChange>();
  for (const change of changes) latest.set(change.kind === 'present' ? change.user.id : change.id, change);
  const limit = pLimit(concurrency);
  const observed = await Promise.all(
    [...latest.entries()].map(([userId, change]) =>
      limit(async () =>
        observeSourceUser(change, await deps.mirror.get(context.sourceTenantId, userId), context),
      ),
    ),
  );
  // Removals of one page are one batch: the deletion guard admits or holds them together.
  const messages: TargetChange[] = withRemovalBatches(observed.flatMap((o) => o.messages));
  // Publish before saving the mirror: a crash in between republishes the same ids, never loses a change.
  if (messages.length > 0) await deps.queue.publishTargetChanges(messages);
  await Promise.all(
    observed.flatMap(({ mirror, etag }) => (mirror ? [limit(() => deps.mirror.save(mirror, etag))] : [])),
  );
  return messages.length;
}
