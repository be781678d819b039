/**
 * Reconciles one sync: the source as the mirror has it, the links, and the target users carrying the
 * source tenant's anchors (one paged read per target and run; deleted items only when someone needs them)
 * are compared person by person with the drain's own decision rules, and every difference is repaired
 * through the apply step. A sync is skipped while its source has not been read in full under the rules of
 * the syncs from it now (`source-not-read`): an empty mirror would look like everyone left, and one read
 * without an attribute a new scope clause or mapping needs would take everyone out of scope or clear it.
 */
import pLimit from 'p-limit';
import type { TopologySync } from '../core/topology/topology.js';
import type { RemovalGuard } from './control-ports.js';
import type {
  Clock,
  CursorStore,
  DirectoryProvider,
  LinkStore,
  Logger,
  SourceMirror,
  SyncQueue,
} from './ports.js';
import { readSyncLinks } from './reconcile-links.js';
import { planPerson, type ReconcilePerson } from './reconcile-person.js';
import {
  publishRemovals,
  publishRepairs,
  saveKeptLink,
  type PendingRepair,
  type Tally,
} from './reconcile-repairs.js';
import { emptyCounts, type SyncReconcileReport } from './reconcile-report.js';
import { createReconcileTargets, type ReconcileTargets } from './reconcile-target-cache.js';
import type { AnchoredUsers } from './reconcile-target-read.js';
import { confirmUnknownRemovals } from './reconcile-unknown-people.js';
import type { ReconcileStep } from './reconcile-user.js';
import { sourceReadingHash } from './source-reading-hash.js';

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
  /** Called after every page and before removals, so a long run keeps its lease (throws when it was lost). */
  readonly heartbeat?: () => Promise<void>;
  /** People compared at once (state reads and writes per person). */
  readonly concurrency?: number;
  /** Every active sync from the sync's source tenant (what its drain reads with); `[sync]` when absent. */
  readonly sourceSyncs?: readonly TopologySync[];
  /** The run's shared target reads; a read of its own when absent. */
  readonly targets?: ReconcileTargets;
}

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
  const notRead = await sourceNotRead(sync, deps);
  if (notRead !== null) return { ...edge, status: 'skipped', reason: 'source-not-read', detail: notRead };
  const logger = deps.logger.child({ syncId: sync.id, correlationId: deps.correlationId });
  const tally: Tally = { ...emptyCounts(), plannedWrites: 0 };
  const now = deps.clock.now();
  const heartbeat = (): Promise<void> => deps.heartbeat?.() ?? Promise.resolve();
  const targets =
    deps.targets ??
    createReconcileTargets({
      directories: deps.directories,
      syncs: [sync],
      anchorAttribute: deps.anchorAttribute,
      clock: deps.clock,
    });
  const links = await readSyncLinks(sync.id, deps.links);
  const { users: target, reads: targetReads } = await targets.anchored(sync, heartbeat);
  let reads = targetReads;
  let deleted: AnchoredUsers | undefined;
  const limit = pLimit(deps.concurrency ?? 8);
  const removals: PendingRepair[] = [];
  const unconfirmed: PendingRepair[] = [];
  const waiting: ReconcilePerson[] = [];
  const upserts: PendingRepair[] = [];
  const context = { sync, target, now, anchorAttribute: deps.anchorAttribute, logger };
  const decide = (person: ReconcilePerson): Promise<void> =>
    limit(async () => {
      const step = planPerson(person, { ...context, ...(deleted === undefined ? {} : { deleted }) });
      if (step === null || step.kind === 'nothing') return;
      if (step.kind === 'needs-deleted-items') waiting.push(person);
      else if (step.kind === 'keep') await saveKeptLink(step, person.link, deps.links, tally);
      else {
        const repair = pendingRepair(sync, person, step);
        if (step.change.kind === 'upsert') upserts.push(repair);
        else (person.mirror === null ? unconfirmed : removals).push(repair);
      }
    });
  // Upserts go out page by page (the bus takes them in batches); removals wait for the guard's verdict.
  const flushUpserts = (): Promise<void> => publishRepairs(upserts.splice(0), deps, tally);

  const seen = new Set<string>();
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
    await heartbeat();
  } while (token !== undefined);

  // People with a link or an anchored target user but no mirror row: gone from the source, or lost by the
  // mirror (confirmUnknownRemovals asks the source before any of them is removed).
  const unknown = new Set([...links.keys(), ...target.byPerson.keys()].filter((key) => !seen.has(key)));
  await Promise.all(
    [...unknown].map((key) => {
      const link = links.get(key) ?? null;
      return decide({ sourceUserId: link?.value.sourceUserId ?? key, mirror: null, link });
    }),
  );
  if (waiting.length > 0) {
    const read = await targets.deleted(sync, heartbeat);
    deleted = read.users;
    reads += read.reads;
    await Promise.all(waiting.splice(0).map((person) => decide(person)));
  }
  await flushUpserts();
  const confirmed = await confirmUnknownRemovals(sync, unconfirmed, deps, tally, logger);
  removals.push(...confirmed.removals);
  reads += confirmed.reads;
  await heartbeat();
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

/** Why the mirror cannot serve the sync now, or null when it can. */
async function sourceNotRead(sync: TopologySync, deps: ReconcileSyncDeps): Promise<string | null> {
  const cursor = (await deps.cursors.get(sync.fromTenantId))?.value;
  const source = `The source tenant ${sync.fromTenantId}`;
  if (!cursor || (cursor.roundIsFull && !cursor.roundComplete)) {
    return `${source} has not been read in full yet; it is reconciled once its delta round completes.`;
  }
  const readingHash = sourceReadingHash(deps.sourceSyncs ?? [sync], deps.anchorAttribute);
  if (cursor.selectHash !== readingHash) {
    return `${source} was last read under other sync rules or attributes than the active topology's; it is reconciled once a full round under them completes.`;
  }
  return null;
}

function pendingRepair(
  sync: TopologySync,
  person: ReconcilePerson,
  step: Extract<ReconcileStep, { kind: 'repair' }>,
): PendingRepair {
  return {
    syncId: sync.id,
    sourceTenantId: sync.fromTenantId,
    targetTenantId: sync.toTenantId,
    sourceUserId: person.sourceUserId,
    removalPolicy: sync.removal,
    mirror: person.mirror,
    link: person.link,
    step,
  };
}
