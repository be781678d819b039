/**
 * The apply step for one user of one sync in its target tenant: load the link, plan (create | adopt |
 * update | disable | restore | delete | none), carry the plan out with the fewest Graph writes, save the
 * link with its ETag, and write the outcome to the provisioning log.
 */
import { applyPlanToLink } from '../core/apply-plan-to-link.js';
import { formatAnchor } from '../core/anchors.js';
import type { Link } from '../core/link.js';
import { planForLinkedUser, planForMatch, type UserChange } from '../core/plan-user-sync.js';
import { isSyncError, SyncError } from '../core/sync-errors.js';
import type { SyncPlan } from '../core/sync-plan.js';
import type { ApplyTrace } from './apply-trace.js';
import type { RemovalGuard } from './control-ports.js';
import { executeSyncPlan, type ExecutionResult } from './execute-sync-plan.js';
import { findTargetMatch } from './find-target-match.js';
import { isPendingInvitation, pendingInvitationLink, planPendingInvitation } from './pending-invitation.js';
import { linkInTarget } from './link-in-target.js';
import type { TargetChange } from './messages.js';
import type {
  Clock,
  DirectoryProvider,
  LinkStore,
  Logger,
  ProvisioningLog,
  Stored,
  UserDirectory,
} from './ports.js';
import { provisioningLogEntry } from './provisioning-log-entry.js';
import { skippedLogEntry } from './skipped-log-entry.js';
import { verifyLinkedTarget, type VerifiedPlan } from './verify-linked-target.js';

export interface ApplyDeps {
  readonly links: LinkStore;
  readonly directories: DirectoryProvider;
  readonly provisioningLog: ProvisioningLog;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly anchorAttribute: string;
  /** Asked before a disable or delete is carried out (the deletion guard); absent = every removal applies. */
  readonly removalGuard?: RemovalGuard;
}

export interface ApplyOutcome {
  readonly plan: SyncPlan;
  readonly link: Link | null;
  /** Set when the deletion guard held the removal `plan` instead: nothing was written. */
  readonly heldBy?: string;
  /** Set when an operator rejected this removal in that guard before (a veto): nothing was written. */
  readonly vetoedBy?: string;
}

/**
 * Applies one target change. Replays converge: an applied change plans to `none` (same hash or older
 * version), and a crash between invitation and link save is healed by adopting the invited user by mail.
 *
 * @param trace - Filled in with the link, the match and the plan as they are found (provision on demand).
 * @throws SyncError — retryable ones (throttling, 5xx, lost ETag race) are retried by the entry point;
 *   `SYNC.TARGET_CONFLICT` (the person's mail belongs to another person's target user) is not.
 */
export async function applyTargetChange(
  change: TargetChange,
  deps: ApplyDeps,
  trace?: ApplyTrace,
): Promise<ApplyOutcome> {
  const started = deps.clock.now().getTime();
  const logger = deps.logger.child({
    syncId: change.syncId,
    sourceUserId: change.sourceUserId,
    correlationId: change.correlationId,
  });
  const stored = await deps.links.get(change.syncId, change.sourceUserId);
  // A link into the sync's previous target tenant is no link here; its row is replaced when this one saves.
  const link = linkInTarget(stored?.value ?? null, change.targetTenantId);
  const directory = deps.directories.forTenant(change.targetTenantId);
  const userChange = toUserChange(change);
  if (trace) trace.link = link;

  let plan: SyncPlan | undefined;
  try {
    const decided = await decide(userChange, link, directory, change, deps.anchorAttribute, trace);
    plan = decided.plan;
    if (trace) trace.plan = plan;
    if (deps.removalGuard && (plan.action === 'disable' || plan.action === 'delete')) {
      const verdict = await deps.removalGuard.admitRemoval(change);
      if (verdict.kind === 'held') {
        const reason = `held by deletion guard ${verdict.guardId}`;
        const at = deps.clock.now();
        await deps.provisioningLog.append(
          skippedLogEntry(change, { reason, at, action: plan.action, targetUserId: plan.targetUserId }),
        );
        logger.warn('Removal held by the deletion guard', { guardId: verdict.guardId });
        return { plan, link, heldBy: verdict.guardId };
      }
      if (verdict.kind === 'vetoed') {
        const reason = `removal rejected by operator in guard ${verdict.guardId}`;
        const at = deps.clock.now();
        await deps.provisioningLog.append(
          skippedLogEntry(change, { reason, at, action: plan.action, targetUserId: plan.targetUserId }),
        );
        logger.info('Removal skipped: an operator rejected it', { guardId: verdict.guardId });
        return { plan, link, vetoedBy: verdict.guardId };
      }
    }
    let linkEtag = stored?.etag ?? null;
    const execute = (toRun: SyncPlan): Promise<ExecutionResult> =>
      executeSyncPlan(toRun, directory, {
        anchor: {
          attribute: deps.anchorAttribute,
          value: formatAnchor(change.sourceTenantId, change.sourceUserId),
        },
        // Saved before the PATCH: a retry then finishes this user, and a removal disables it.
        onInvited: async (userId) => {
          linkEtag = await deps.links.save(
            pendingInvitationLink(linkKey(change), userId, change.sourceVersion, deps.clock.now()),
            linkEtag,
          );
        },
      });
    let result: ExecutionResult = decided.targetMissing ? { kind: 'target-missing' } : await execute(plan);
    if (result.kind === 'target-missing') {
      logger.warn('Linked target user is gone; re-planning', { targetUserId: link?.targetUserId ?? null });
      plan = await replanForMissingTarget(plan, userChange, directory, change, deps.anchorAttribute, trace);
      if (trace) trace.plan = plan;
      // A removal whose user is already gone has nothing left to do in Graph.
      result = userChange.kind === 'remove' ? { kind: 'done' } : await execute(plan);
      if (result.kind === 'target-missing') {
        throw new SyncError(
          'GRAPH.NOT_FOUND',
          'The target user disappeared while it was being provisioned.',
          { retryable: true },
        );
      }
    }
    const now = deps.clock.now();
    const next = applyPlanToLink({
      plan,
      link,
      key: linkKey(change),
      sourceVersion: change.sourceVersion,
      now,
      ...(result.createdUserId === undefined ? {} : { createdUserId: result.createdUserId }),
    });
    if (linkEtag !== (stored?.etag ?? null) || linkNeedsSave(stored, next, plan)) {
      await deps.links.save(next, linkEtag);
    }
    await deps.provisioningLog.append(
      provisioningLogEntry(change, plan, {
        targetUserId: next.targetUserId,
        at: now,
        durationMs: now.getTime() - started,
      }),
    );
    logger.info('Target change applied', {
      action: plan.action,
      graphWrites: plan.graphWrites,
      targetUserId: next.targetUserId,
    });
    return { plan, link: next };
  } catch (error) {
    const now = deps.clock.now();
    const code = isSyncError(error) ? error.code : 'UNEXPECTED';
    const message = error instanceof Error ? error.message : String(error);
    await deps.provisioningLog.append(
      provisioningLogEntry(change, plan ?? null, {
        targetUserId: link?.targetUserId ?? null,
        at: now,
        durationMs: now.getTime() - started,
        error: { code, message },
      }),
    );
    await recordLastError(stored, { code, message, at: now.toISOString() }, deps.links);
    throw error;
  }
}

function linkKey(
  change: TargetChange,
): Pick<Link, 'syncId' | 'sourceTenantId' | 'sourceUserId' | 'targetTenantId'> {
  return {
    syncId: change.syncId,
    sourceTenantId: change.sourceTenantId,
    sourceUserId: change.sourceUserId,
    targetTenantId: change.targetTenantId,
  };
}

function toUserChange(change: TargetChange): UserChange {
  return change.kind === 'upsert'
    ? { kind: 'upsert', desired: change.desired, sourceVersion: change.sourceVersion }
    : {
        kind: 'remove',
        reason: change.reason,
        policy: change.removalPolicy,
        sourceVersion: change.sourceVersion,
      };
}

async function decide(
  userChange: UserChange,
  link: Link | null,
  directory: UserDirectory,
  change: TargetChange,
  anchorAttribute: string,
  trace: ApplyTrace | undefined,
): Promise<VerifiedPlan> {
  if (
    userChange.kind === 'upsert' &&
    isPendingInvitation(link) &&
    userChange.sourceVersion >= link.sourceVersion
  ) {
    const plan = await planPendingInvitation({
      link,
      desired: userChange.desired,
      directory,
      anchor: formatAnchor(change.sourceTenantId, change.sourceUserId),
      anchorAttribute,
    });
    return { plan, targetMissing: false };
  }
  const linked = planForLinkedUser({ change: userChange, link });
  if (linked.action === 'match') {
    return {
      plan: await matchAndPlan(userChange, directory, change, anchorAttribute, trace),
      targetMissing: false,
    };
  }
  if (change.kind !== 'upsert' || change.verifyTarget !== true || link === null) {
    return { plan: linked, targetMissing: false };
  }
  const verified = await verifyLinkedTarget({
    plan: linked,
    link,
    desired: change.desired,
    directory,
    anchor: formatAnchor(change.sourceTenantId, change.sourceUserId),
    anchorAttribute,
  });
  if (trace && verified.plan !== linked) trace.verified = verified.targetMissing ? 'missing' : 'present';
  return verified;
}

async function matchAndPlan(
  userChange: UserChange,
  directory: UserDirectory,
  change: TargetChange,
  anchorAttribute: string,
  trace: ApplyTrace | undefined,
): Promise<SyncPlan> {
  if (userChange.kind !== 'upsert') throw new Error('Only an upsert can need a target match.');
  const anchor = formatAnchor(change.sourceTenantId, change.sourceUserId);
  const match = await findTargetMatch(directory, userChange.desired, anchor, anchorAttribute);
  if (trace) trace.match = match;
  const plan = planForMatch({ desired: userChange.desired, anchor, anchorAttribute, match });
  if (plan.action === 'conflict') {
    throw new SyncError('SYNC.TARGET_CONFLICT', plan.reason, {
      details: { targetUserId: plan.targetUserId },
    });
  }
  return plan;
}

/** The linked target user was deleted out of band: a removal is done; an upsert starts over unlinked. */
async function replanForMissingTarget(
  plan: SyncPlan,
  userChange: UserChange,
  directory: UserDirectory,
  change: TargetChange,
  anchorAttribute: string,
  trace: ApplyTrace | undefined,
): Promise<SyncPlan> {
  if (userChange.kind === 'remove' && 'targetUserId' in plan) {
    return {
      action: 'delete',
      targetUserId: plan.targetUserId,
      changedAttributes: [],
      graphWrites: 0,
      explanation: 'The target user was already gone.',
    };
  }
  // Deleted by hand but still in deleted items: bring the same object back (keeps its id, groups, apps).
  if ('targetUserId' in plan && (await directory.restoreDeletedUser(plan.targetUserId))) {
    return {
      ...plan,
      graphWrites: plan.graphWrites + 1,
      explanation: `${plan.explanation} (restored from deleted items first)`,
    };
  }
  return matchAndPlan(userChange, directory, change, anchorAttribute, trace);
}

function linkNeedsSave(stored: Stored<Link> | null, next: Link, plan: SyncPlan): boolean {
  if (!stored) return true;
  if (plan.action !== 'none') return true;
  const previous = stored.value;
  return (
    previous.appliedHash !== next.appliedHash ||
    previous.sourceVersion !== next.sourceVersion ||
    previous.state !== next.state ||
    previous.lastError !== null
  );
}

async function recordLastError(
  stored: Stored<Link> | null,
  lastError: NonNullable<Link['lastError']>,
  links: LinkStore,
): Promise<void> {
  if (!stored) return;
  try {
    await links.save({ ...stored.value, lastError }, stored.etag);
  } catch {
    // Best effort: the error is already in the provisioning log, and the message will be retried.
  }
}
