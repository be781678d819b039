/**
 * Checks a linked target user in the target tenant instead of trusting the link, for changes that ask for
 * it (a full resync, provision on demand): a user deleted by hand is reported missing, so the apply step
 * restores or re-creates it; one edited by hand gets its `apply: always` attributes put back.
 */
import { planDriftRepair } from '../core/plan-drift-repair.js';
import type { DesiredState } from '../core/desired-state.js';
import type { Link } from '../core/link.js';
import type { SyncPlan, UpdatePlan } from '../core/sync-plan.js';
import { targetSelect } from './find-target-match.js';
import type { UserDirectory } from './ports.js';

/** Input of {@link verifyLinkedTarget}. */
export interface VerifyLinkedTargetInput {
  /** What the link alone called for. */
  readonly plan: SyncPlan;
  readonly link: Link;
  readonly desired: DesiredState;
  readonly directory: UserDirectory;
  readonly anchor: string;
  readonly anchorAttribute: string;
}

/** The plan after the check; `targetMissing` when the linked user no longer exists in the target. */
export interface VerifiedPlan {
  readonly plan: SyncPlan;
  readonly targetMissing: boolean;
}

/**
 * Reads the linked target user (one Graph read) when the link says it is active and the plan would update
 * it or leave it alone; other plans (restore, stale, …) are returned unchanged. A missing user comes back
 * as an update with the full desired attributes and `targetMissing`, for the apply step's re-planning.
 *
 * @throws SyncError for Graph failures other than "not found".
 */
export async function verifyLinkedTarget(input: VerifyLinkedTargetInput): Promise<VerifiedPlan> {
  const { plan, link, desired } = input;
  const checkable = plan.action === 'update' || (plan.action === 'none' && plan.reason === 'unchanged');
  if (!checkable || link.state !== 'active' || link.targetUserId === null) {
    return { plan, targetMissing: false };
  }
  const targetUser = await input.directory.getUser(
    link.targetUserId,
    targetSelect(desired, input.anchorAttribute),
  );
  if (targetUser === null) {
    const missing: UpdatePlan = {
      action: 'update',
      targetUserId: link.targetUserId,
      patch: { ...desired.attributes },
      desired,
      changedAttributes: Object.keys(desired.attributes).sort(),
      graphWrites: 1,
      explanation: `The linked target user ${link.targetUserId} is gone from the target tenant.`,
    };
    return { plan: missing, targetMissing: true };
  }
  return {
    plan: planDriftRepair({
      desired,
      targetUser,
      anchor: input.anchor,
      anchorAttribute: input.anchorAttribute,
    }),
    targetMissing: false,
  };
}
