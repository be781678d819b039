/**
 * Reconciles one sync: the source as the mirror has it, the links, and the target users carrying the
 * source tenant's anchors (one paged read; deleted items only when someone needs them) are compared person
 * by person with the drain's own decision rules, and every difference is repaired through the apply step.
 * A sync whose source has not been read in full yet is skipped: an empty mirror would look like everyone
 * left.
 */
import pLimit from 'p-limit';
import { decideSourceChange, type SourceChangeDecision } from '../core/decide-source-change.js';
import { isSyncError } from '../core/sync-errors.js';
import type { TopologySync } from '../core/topology/topology.js';
import type { DirectoryUser } from '../core/user-attributes.js';
import type { RemovalGuard } from './control-ports.js';
import type {
  Clock,
  CursorStore,
  DirectoryProvider,
  Link,
  LinkStore,
  Logger,
  MirroredUser,
  SourceMirror,
  Stored,
  SyncQueue,
} from './ports.js';
import {
  publishRemovals,
  publishRepairs,
  saveKeptLink,
  type PendingRepair,
  type Tally,
} from './reconcile-repairs.js';
import { readSyncLinks } from './reconcile-links.js';
import { emptyCounts, type SyncReconcileReport } from './reconcile-report.js';
import { readAnchoredUsers, readDeletedAnchoredUsers, type AnchoredUsers } from './reconcile-target-read.js';
import { planReconcileUser, type ReconcileStep } from './reconcile-user.js';

/** What reconciling a sync needs. */
export interface ReconcileSyncDeps {
  readonly directories: DirectoryProvider;
  readonly cursors: CursorStore;
  readonly mirror: SourceMirror;
  readonly links: LinkStore;
  readonly queue: SyncQueue;
  readonly guard: RemovalGuard;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly anchorAttribute: string;
  readonly correlationId: string;
  /** Called after every page, so a long run keeps its lease (throws when the lease was lost). */
  readonly heartbeat?: () => Promise<void>;
  /** People compared at once (state reads and writes per person). */
  readonly concurrency?: number;
}

/** One person to compare: the mirror row (null when the mirror does not know them) and the link. */
interface Person {
  readonly sourceUserId: string;
  readonly mirror: Stored<MirroredUser> | null;
  readonly link: Stored<Link> | null;
}

const unknownSource: SourceChangeDecision = {
  kind: 'remove',
  reason: 'hard-deleted',
  explanation: 'The source user is not in the mirror of a fully read source: it no longer exists.',
};

/**
 * Reconciles `sync` and reports what it did.
 *
 * @throws SyncError when Graph, the state tables or the bus fail (the caller reports the sync as failed).
 */
export async function reconcileSync(
  sync: TopologySync,
  deps: ReconcileSyncDeps,
): Promise<SyncReconcileReport> {
  const edge = { syncId: sync.id, from: sync.from, to: sync.to };
  const cursor = await deps.cursors.get(sync.fromTenantId);
  if (!cursor || (cursor.value.roundIsFull && !cursor.value.roundComplete)) {
    return {
      ...edge,
      status: 'skipped',
      reason: 'source-not-read',
      detail: `The source tenant ${sync.fromTenantId} has not been read in full yet; it is reconciled once its delta round completes.`,
    };
  }
  const logger = deps.logger.child({ syncId: sync.id, correlationId: deps.correlationId });
  const tally: Tally = { ...emptyCounts(), plannedWrites: 0 };
  const now = deps.clock.now();
  const directory = deps.directories.forTenant(sync.toTenantId);
  const links = await readSyncLinks(sync.id, deps.links);
  const target = await readAnchoredUsers(directory, sync, deps.anchorAttribute);
  let reads = target.reads;
  const limit = pLimit(deps.concurrency ?? 8);
  const removals: PendingRepair[] = [];
  const waiting: Person[] = [];
  const seen = new Set<string>();
  const upserts: PendingRepair[] = [];
  const decide = (person: Person, deleted?: AnchoredUsers): Promise<void> =>
    limit(async () => {
      const step = planFor(person, sync, target, deleted, now, deps.anchorAttribute, logger);
      if (step === null || step.kind === 'nothing') return;
      if (step.kind === 'needs-deleted-items') waiting.push(person);
      else if (step.kind === 'keep') await saveKeptLink(step, person.link, deps.links, tally);
      else {
        const repair: PendingRepair = {
          syncId: sync.id,
          sourceTenantId: sync.fromTenantId,
          targetTenantId: sync.toTenantId,
          sourceUserId: person.sourceUserId,
          removalPolicy: sync.removal,
          mirror: person.mirror,
          link: person.link,
          step,
        };
        (step.change.kind === 'remove' ? removals : upserts).push(repair);
      }
    });
  // Upserts go out page by page (the bus takes them in batches); removals wait for the guard's verdict.
  const flushUpserts = (): Promise<void> => publishRepairs(upserts.splice(0), deps, tally);

  let token: string | undefined;
  do {
    const page = await deps.mirror.list(sync.fromTenantId, token);
    await Promise.all(
      page.items.map((mirror) => {
        const key = mirror.value.userId.toLowerCase();
        seen.add(key);
        return decide({ sourceUserId: mirror.value.userId, mirror, link: links.get(key) ?? null });
      }),
    );
    await flushUpserts();
    token = page.continuationToken;
    await deps.heartbeat?.();
  } while (token !== undefined);

  // People with a link or an anchored target user but no mirror row: their source no longer exists.
  const unknown = new Set([...links.keys(), ...target.byPerson.keys()].filter((key) => !seen.has(key)));
  await Promise.all(
    [...unknown].map((key) => {
      const link = links.get(key) ?? null;
      return decide({ sourceUserId: link?.value.sourceUserId ?? key, mirror: null, link });
    }),
  );
  if (waiting.length > 0) {
    const deleted = await readDeletedAnchoredUsers(directory, sync, deps.anchorAttribute);
    reads += deleted.reads;
    await Promise.all(waiting.splice(0).map((person) => decide(person, deleted)));
  }
  await flushUpserts();
  const guardId = await publishRemovals(sync.id, removals, deps, tally);
  const { plannedWrites, ...counts } = tally;
  logger.info('Sync reconciled', { ...counts, graphReads: reads, plannedWrites, guardId });
  return {
    ...edge,
    status: 'done',
    counts,
    graph: { reads, writes: plannedWrites },
    ...(guardId === undefined ? {} : { guardId }),
  };
}

function planFor(
  person: Person,
  sync: TopologySync,
  target: AnchoredUsers,
  deleted: AnchoredUsers | undefined,
  now: Date,
  anchorAttribute: string,
  logger: Logger,
): ReconcileStep | null {
  let decision = unknownSource;
  if (person.mirror) {
    try {
      const { attributes, state } = person.mirror.value;
      decision = decideSourceChange({ user: { attributes, state }, sync, anchorAttribute });
    } catch (error) {
      if (!isSyncError(error, 'MESSAGE.INVALID')) throw error;
      logger.warn('Source user cannot be synced', {
        sourceUserId: person.sourceUserId,
        reason: error.message,
      });
      return null;
    }
  }
  const link = person.link?.value ?? null;
  const key = person.sourceUserId.toLowerCase();
  const present = pickPresent(target.byPerson.get(key), link);
  const found =
    deleted === undefined
      ? undefined
      : ((link?.targetUserId ? deleted.byId.get(link.targetUserId) : undefined) ??
        deleted.byPerson.get(key)?.[0] ??
        null);
  return planReconcileUser({
    sync,
    sourceUserId: person.sourceUserId,
    decision,
    link,
    present,
    ...(found === undefined ? {} : { deleted: found }),
    now,
  });
}

/** The linked user when several carry the anchor (a duplicate made by hand), else the first. */
function pickPresent(users: readonly DirectoryUser[] | undefined, link: Link | null): DirectoryUser | null {
  if (!users || users.length === 0) return null;
  return users.find((user) => user.id === link?.targetUserId) ?? users[0] ?? null;
}
