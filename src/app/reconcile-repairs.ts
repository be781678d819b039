/**
 * Carrying out reconcile decisions through the ordinary pipeline: save the corrected link (if any), claim a
 * new mirror version for the person, then publish the change to `target-changes`, where the apply step
 * makes the Graph calls and writes the provisioning log. Publishing keeps per-user order with the live
 * pipeline (same session), and claiming the version first means a repair can never be mistaken for, or
 * overtake, a change the drain publishes meanwhile: the mirror row's ETag lets only one of them have it.
 * Removals are decided by the deletion guard first; nothing of theirs is written before its verdict.
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
 * Asks the deletion guard about a run's removals for one sync all at once, then carries out its verdict.
 * The guard is asked with the version each removal was decided from (the mirror's, or the link's when it is
 * newer), so an operator's veto recorded at that version keeps holding run after run; nothing is written
 * before the verdict. Vetoed removals are only counted. Held ones get their corrected link saved — so that
 * an approval replays them against the truth — but no mirror version: they are not published. Allowed ones
 * are prepared (link fix, claimed version) and published.
 *
 * @returns the guard id when the removals were held.
 */
export async function publishRemovals(
  syncId: string,
  removals: readonly PendingRepair[],
  deps: RepairDeps,
  tally: Tally,
): Promise<string | undefined> {
  if (removals.length === 0) return undefined;
  const asked = removals.map((repair) => toChange(repair, decidedVersion(repair), deps.correlationId));
  const verdict = await deps.guard.admitRemovals(syncId, asked);
  const vetoed = new Set(verdict.vetoed.map((entry) => entry.sourceUserId));
  tally.vetoed += removals.filter((repair) => vetoed.has(repair.sourceUserId)).length;
  const rest = removals.filter((repair) => !vetoed.has(repair.sourceUserId));
  if (rest.length === 0) return undefined;
  if (verdict.kind === 'held') {
    const limit = pLimit(8);
    await Promise.all(rest.map((repair) => limit(() => saveLinkFix(repair, deps.links))));
    tally.held += rest.length;
    deps.logger.warn('Reconcile removals held by the deletion guard', {
      syncId,
      guardId: verdict.guardId,
      removals: rest.length,
    });
    return verdict.guardId;
  }
  const ready = await prepareAll(rest, deps, tally);
  if (ready.length === 0) return undefined;
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
  const { step, mirror } = repair;
  if (!(await saveLinkFix(repair, deps.links))) return null;
  const version = decidedVersion(repair) + 1;
  if (mirror !== null) {
    const published = publishedKey({ ...step.change, targetTenantId: repair.targetTenantId });
    const claimed: MirroredUser = {
      ...mirror.value,
      version,
      published: { ...mirror.value.published, [repair.syncId]: published },
    };
    if (!(await saveOrLose(() => deps.mirror.save(claimed, mirror.etag)))) return null;
  }
  return toChange(repair, version, deps.correlationId);
}

/** Saves the repair's corrected link, if any; false when the pipeline wrote the link meanwhile. */
async function saveLinkFix(repair: PendingRepair, links: LinkStore): Promise<boolean> {
  const fix = repair.step.linkFix;
  if (fix === null) return true;
  return saveOrLose(() => links.save(fix, repair.link?.etag ?? null));
}

/** The version a repair was decided from: the mirror's, or the link's when an earlier repair went past it. */
function decidedVersion(repair: PendingRepair): number {
  return Math.max(repair.mirror?.value.version ?? 0, repair.link?.value.sourceVersion ?? 0);
}

function toChange(repair: PendingRepair, sourceVersion: number, correlationId: string): TargetChange {
  const { step } = repair;
  const base = {
    syncId: repair.syncId,
    sourceTenantId: repair.sourceTenantId,
    sourceUserId: repair.sourceUserId,
    targetTenantId: repair.targetTenantId,
    sourceVersion,
    correlationId,
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
