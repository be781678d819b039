/**
 * People reconciliation would remove although the mirror does not know them: a target user carries their
 * anchor (or a link names them) but no mirror row exists. That is what a hard-deleted source user looks
 * like — and also what lost `sourceUsers` rows, or a joiner whose mirror row was not saved yet, look like.
 * So before such a removal is published the source tenant is asked, one bounded GET per person: a user
 * Graph still has is left alone (and the mirror rebuilt by a full round), only one Graph no longer has is
 * confirmed gone. Users the run has no budget left for are left for the next run.
 */
import pLimit from 'p-limit';
import type { DrainRequest } from './messages.js';
import type { TopologySync } from '../core/topology/topology.js';
import type { Clock, DirectoryProvider, Logger, SyncQueue, UserDirectory } from './ports.js';
import type { PendingRepair, Tally } from './reconcile-repairs.js';

/** Source users checked at most per sync and run; the rest wait for the next run. */
export const maxSourceChecks = 200;

/** What asking the source found, by source user id as given. */
export interface SourceCheck {
  /** Graph no longer has these users: their removal may go ahead. */
  readonly gone: ReadonlySet<string>;
  /** Graph still has these users: the mirror lost them, nothing is removed. */
  readonly present: ReadonlySet<string>;
  /** Not asked (over {@link maxSourceChecks}). */
  readonly unchecked: ReadonlySet<string>;
  readonly reads: number;
}

/** How checking proceeds. */
export interface SourceCheckOptions {
  readonly max?: number;
  readonly concurrency?: number;
  /** Called every `heartbeatEvery` reads (a reconcile run renews its lease there). */
  readonly heartbeat?: () => Promise<void>;
  readonly heartbeatEvery?: number;
}

/**
 * Asks the source tenant, person by person, whether the users `sourceUserIds` still exist.
 *
 * @throws SyncError (GRAPH.*) when Graph fails: nothing unconfirmed is removed then.
 */
export async function checkSourceUsers(
  source: UserDirectory,
  sourceUserIds: readonly string[],
  { max = maxSourceChecks, concurrency = 4, heartbeat, heartbeatEvery = 25 }: SourceCheckOptions = {},
): Promise<SourceCheck> {
  const asked = sourceUserIds.slice(0, max);
  const gone = new Set<string>();
  const present = new Set<string>();
  const limit = pLimit(concurrency);
  let reads = 0;
  await Promise.all(
    asked.map((id) =>
      limit(async () => {
        // Any property will do: only whether Graph still has the user matters.
        const user = await source.getUser(id, ['id']);
        (user === null ? gone : present).add(id);
        reads += 1;
        if (reads % heartbeatEvery === 0) await heartbeat?.();
      }),
    ),
  );
  return { gone, present, unchecked: new Set(sourceUserIds.slice(max)), reads };
}

/**
 * The drain that rebuilds a source tenant's mirror: a full round, so every user is read and recorded again
 * (users whose decisions did not change publish nothing new, their target users are already as wanted).
 * One per run and tenant: the message id carries both.
 */
export function mirrorRebuildDrain(sourceTenantId: string, runId: string, clock: Clock): DrainRequest {
  return {
    kind: 'drain',
    sourceTenantId,
    reason: 'resync',
    hintedUserIds: [],
    notifiedAt: clock.now().toISOString(),
    attempt: 0,
    correlationId: runId,
    dedupeKey: `reconcile-mirror:${runId}:${sourceTenantId}`,
  };
}

/** Enqueues {@link mirrorRebuildDrain}. @throws SyncError when the bus fails. */
export function requestMirrorRebuild(
  queue: SyncQueue,
  sourceTenantId: string,
  runId: string,
  clock: Clock,
): Promise<void> {
  return queue.enqueueDrains([mirrorRebuildDrain(sourceTenantId, runId, clock)]);
}

/** What confirming needs from the sync's run. */
export interface ConfirmDeps {
  readonly directories: DirectoryProvider;
  readonly queue: SyncQueue;
  readonly clock: Clock;
  readonly correlationId: string;
  readonly heartbeat?: () => Promise<void>;
}

/**
 * Asks the source about people whose removal rests only on the mirror not knowing them: the removals of
 * those Graph no longer has are returned; the others are counted and left alone (`unmirrored`, with a full
 * round asked for to rebuild the mirror) or left for the next run (`busy`).
 *
 * @throws SyncError when Graph or the bus fail.
 */
export async function confirmUnknownRemovals(
  sync: TopologySync,
  unconfirmed: readonly PendingRepair[],
  deps: ConfirmDeps,
  tally: Tally,
  logger: Logger,
): Promise<{ readonly removals: readonly PendingRepair[]; readonly reads: number }> {
  if (unconfirmed.length === 0) return { removals: [], reads: 0 };
  const check = await checkSourceUsers(
    deps.directories.forTenant(sync.fromTenantId),
    unconfirmed.map((repair) => repair.sourceUserId),
    deps.heartbeat === undefined ? {} : { heartbeat: deps.heartbeat },
  );
  tally.unmirrored += check.present.size;
  tally.busy += check.unchecked.size;
  if (check.present.size > 0) {
    logger.warn('Source users the mirror does not know still exist: kept, and a full round asked for', {
      users: check.present.size,
    });
    await requestMirrorRebuild(deps.queue, sync.fromTenantId, deps.correlationId, deps.clock);
  }
  return {
    removals: unconfirmed.filter((repair) => check.gone.has(repair.sourceUserId)),
    reads: check.reads,
  };
}
