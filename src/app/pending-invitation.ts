/**
 * A create is an invitation and then one PATCH (attributes and anchor). Between the two, the invited user
 * exists but carries nothing of ours; the link is saved right after the invitation with no applied hash, so
 * that whatever comes next — the retry of the same change, or a removal — knows which user that is.
 */
import type { Link } from '../core/link.js';
import { planForMatch } from '../core/plan-user-sync.js';
import { SyncError } from '../core/sync-errors.js';
import type { SyncPlan } from '../core/sync-plan.js';
import type { DesiredState } from '../core/desired-state.js';
import { targetSelect } from './find-target-match.js';
import type { UserDirectory } from './ports.js';

/**
 * True for a link saved after an invitation whose PATCH was never confirmed — possibly disabled since, when
 * the person left before the create could finish (the user is ours: it was disabled through this link).
 */
export function isPendingInvitation(link: Link | null): link is Link & { readonly targetUserId: string } {
  return (
    link !== null &&
    (link.state === 'active' || link.state === 'disabled') &&
    link.appliedHash === null &&
    link.targetUserId !== null
  );
}

/** The link to save right after an invitation created (or found) `targetUserId`. */
export function pendingInvitationLink(
  key: Pick<Link, 'syncId' | 'sourceTenantId' | 'sourceUserId' | 'targetTenantId'>,
  targetUserId: string,
  sourceVersion: number,
  now: Date,
): Link {
  const at = now.toISOString();
  return {
    ...key,
    targetUserId,
    state: 'active',
    appliedHash: null,
    appliedAttributes: {},
    sourceVersion,
    createdAt: at,
    updatedAt: at,
    disabledAt: null,
    deletedAt: null,
    lastError: null,
  };
}

/**
 * Finishes an interrupted create: reads the invited user and adopts it (PATCH what differs, plus the
 * anchor), or reports a conflict when it meanwhile carries another person's anchor.
 *
 * @throws SyncError GRAPH.NOT_FOUND (retryable) while the new user is not readable yet (replication).
 */
export async function planPendingInvitation(input: {
  readonly link: Link & { readonly targetUserId: string };
  readonly desired: DesiredState;
  readonly directory: UserDirectory;
  readonly anchor: string;
  readonly anchorAttribute: string;
}): Promise<SyncPlan> {
  const { link, desired, directory, anchor, anchorAttribute } = input;
  const user = await directory.getUser(link.targetUserId, targetSelect(desired, anchorAttribute));
  if (!user) {
    throw new SyncError('GRAPH.NOT_FOUND', `The invited user ${link.targetUserId} is not readable yet.`, {
      retryable: true,
      details: { targetUserId: link.targetUserId },
    });
  }
  const plan = planForMatch({ desired, anchor, anchorAttribute, match: { kind: 'mail', user } });
  if (plan.action === 'conflict') {
    throw new SyncError('SYNC.TARGET_CONFLICT', plan.reason, {
      details: { targetUserId: plan.targetUserId },
    });
  }
  return plan;
}
