/**
 * Carrying out reconcile decisions through the ordinary pipeline: save the corrected link (if any), claim a
 * new mirror version for the person, then publish the change to `target-changes`, where the apply step
 * makes the Graph calls and writes the provisioning log. Publishing keeps per-user order with the live
 * pipeline (same session), and claiming the version first means a repair can never be mistaken for, or
 * overtake, a change the drain publishes meanwhile: the mirror row's ETag lets only one of them have it.
 */
import { publishedKey } from './published-key.js';
import pLimit from 'p-limit';
import { isSyncError } from '../core/sync-errors.js';
import type { RemovalGuard } from './control-ports.js';
import type { RemovalPolicy, TargetChange } from './messages.js';
import type { Link, LinkStore, Logger, MirroredUser, SourceMirror, Stored, SyncQueue } from './ports.js';
import { counterOf, type ReconcileCounts } from './reconcile-report.js';
import type { ReconcileStep } from './reconcile-user.js';

/** One person's repair, with the rows it was decided from. */
export interface PendingRepair {
  readonly syncId: string;
  readonly sourceTenantId: string;
  readonly targetTenantId: string;
  readonly sourceUserId: string;
  /** The sync's removal policy (every message carries it). */
  readonly removalPolicy: RemovalPolicy;
  readonly mirror: Stored<MirroredUser> | null;
  readonly link: Stored<Link> | null;
  readonly step: Extract<ReconcileStep, { kind: 'repair' }>;
}

/** What carrying out repairs needs. */
export interface RepairDeps {
  readonly mirror: SourceMirror;
  readonly links: LinkStore;
  readonly queue: SyncQueue;
  readonly guard: RemovalGuard;
  readonly logger: Logger;
  readonly correlationId: string;
}

/** Mutable counters of one sync's run. */
export type Tally = { -readonly [K in keyof ReconcileCounts]: number } & { plannedWrites: number };

/**
 * Saves a kept person's rebuilt link, if any. A lost race (the pipeline wrote the link meanwhile) counts
 * as busy: the next run looks again.
 *
 * @throws SyncError other than `STATE.CONFLICT` (state unreachable).
 */
export async function saveKeptLink(
  step: Extract<ReconcileStep, { kind: 'keep' }>,
  link: Stored<Link> | null,
  links: LinkStore,
  tally: Tally,
): Promise<void> {
  const fix = step.linkFix;
  if (fix === null) {
    tally.unchanged += 1;
    return;
  }
  if (!(await saveOrLose(() => links.save(fix, link?.etag ?? null)))) {
    tally.busy += 1;
    return;
  }
  tally.unchanged += 1;
  if (step.relinked) tally.relinked += 1;
}

/** Publishes upsert repairs (and removals that need no approval) and counts them. */
export async function publishRepairs(
  repairs: readonly PendingRepair[],
  deps: RepairDeps,
  tally: Tally,
): Promise<void> {
  const ready = await prepareAll(repairs, deps, tally);
  if (ready.length === 0) return;
  await deps.queue.publishTargetChanges(ready.map((entry) => entry.change));
  for (const entry of ready) count(entry.repair, tally);
}

/**
 * Asks the deletion guard about a run's removals for one sync all at once, then publishes them or counts
 * them as held (the guard keeps the changes and replays them when an operator approves).
 *
 * @returns the guard id when the removals were held.
 */
export async function publishRemovals(
  syncId: string,
  removals: readonly PendingRepair[],
  deps: RepairDeps,
  tally: Tally,
): Promise<string | undefined> {
  const ready = await prepareAll(removals, deps, tally);
  if (ready.length === 0) return undefined;
  const verdict = await deps.guard.admitRemovals(
    syncId,
    ready.map((entry) => entry.change),
  );
  if (verdict.kind === 'held') {
    tally.held += ready.length;
    deps.logger.warn('Reconcile removals held by the deletion guard', {
      syncId,
      guardId: verdict.guardId,
      removals: ready.length,
    });
    return verdict.guardId;
  }
  await deps.queue.publishTargetChanges(ready.map((entry) => entry.change));
  for (const entry of ready) count(entry.repair, tally);
  return undefined;
}

async function prepareAll(
  repairs: readonly PendingRepair[],
  deps: RepairDeps,
  tally: Tally,
): Promise<{ repair: PendingRepair; change: TargetChange }[]> {
  const limit = pLimit(8);
  const prepared = await Promise.all(
    repairs.map((repair) => limit(async () => ({ repair, change: await prepare(repair, deps) }))),
  );
  const ready: { repair: PendingRepair; change: TargetChange }[] = [];
  for (const { repair, change } of prepared) {
    if (change === null) tally.busy += 1;
    else ready.push({ repair, change });
  }
  return ready;
}

/** Saves the link fix and claims the next mirror version; null when the pipeline got there first. */
async function prepare(repair: PendingRepair, deps: RepairDeps): Promise<TargetChange | null> {
  const { step, link, mirror } = repair;
  if (step.linkFix !== null) {
    const fix = step.linkFix;
    if (!(await saveOrLose(() => deps.links.save(fix, link?.etag ?? null)))) return null;
  }
  const version = Math.max(mirror?.value.version ?? 0, link?.value.sourceVersion ?? 0) + 1;
  if (mirror !== null) {
    const published = publishedKey({ ...step.change, targetTenantId: repair.targetTenantId });
    const claimed: MirroredUser = {
      ...mirror.value,
      version,
      published: { ...mirror.value.published, [repair.syncId]: published },
    };
    if (!(await saveOrLose(() => deps.mirror.save(claimed, mirror.etag)))) return null;
  }
  const base = {
    syncId: repair.syncId,
    sourceTenantId: repair.sourceTenantId,
    sourceUserId: repair.sourceUserId,
    targetTenantId: repair.targetTenantId,
    sourceVersion: version,
    correlationId: deps.correlationId,
    attempt: 0,
    // The guard admitted a reconcile run's removals as one batch; they must not count again in its hour.
    origin: 'reconcile' as const,
  };
  return step.change.kind === 'upsert'
    ? {
        ...base,
        kind: 'upsert',
        desired: step.change.desired,
        removalPolicy: repair.removalPolicy,
        ...(step.change.verifyTarget ? { verifyTarget: true } : {}),
      }
    : { ...base, kind: 'remove', reason: step.change.reason, removalPolicy: step.change.policy };
}

function count(repair: PendingRepair, tally: Tally): void {
  const { step } = repair;
  tally[counterOf(step.action)] += 1;
  if (step.relinked) tally.relinked += 1;
  tally.plannedWrites += writesOf(repair);
}

/** Graph writes the apply step will make for a repair (docs/architecture.md "Performance model"). */
function writesOf(repair: PendingRepair): number {
  const { step } = repair;
  if (step.action === 'create') return 2;
  const fromDisabled = (step.linkFix ?? repair.link?.value)?.state === 'disabled';
  // Restoring from deleted items is a POST plus the PATCH; re-enabling a disabled user is one PATCH.
  return step.action === 'restore' && !fromDisabled ? 2 : 1;
}

async function saveOrLose(save: () => Promise<string>): Promise<boolean> {
  try {
    await save();
    return true;
  } catch (error) {
    if (isSyncError(error, 'STATE.CONFLICT')) return false;
    throw error;
  }
}
