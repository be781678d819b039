/**
 * Drift repair for a linked target user as it actually is in the target tenant (read from Graph), not as
 * the link remembers it: someone may have edited it by hand. Only `apply: always` attributes are put back;
 * `onCreate` ones belong to the target's administrators once the user exists.
 */
import { isEmptyAttributeValue, diffAttributes } from './diff-attributes.js';
import type { DesiredState } from './desired-state.js';
import type { NonePlan, UpdatePlan } from './sync-plan.js';
import type { AttributeValue, DirectoryUser } from './user-attributes.js';

/** Input of {@link planDriftRepair}. */
export interface PlanDriftRepairInput {
  readonly desired: DesiredState;
  /** The linked target user, read with the desired attributes and the anchor selected. */
  readonly targetUser: DirectoryUser;
  /** The person's anchor value `<sourceTenantId>:<sourceUserId>`. */
  readonly anchor: string;
  readonly anchorAttribute: string;
}

/**
 * Plans the repair of a linked target user: an `update` PATCHing the `apply: always` attributes whose value
 * differs from the desired state (and the anchor, when it was cleared), or `none` when the user is as
 * desired. `onCreate` attributes are never compared.
 */
export function planDriftRepair(input: PlanDriftRepairInput): UpdatePlan | NonePlan {
  const { desired, targetUser, anchor, anchorAttribute } = input;
  const patch: Record<string, AttributeValue> = {
    ...diffAttributes(targetUser.attributes, desired.attributes),
  };
  if (isEmptyAttributeValue(targetUser.attributes[anchorAttribute])) patch[anchorAttribute] = anchor;
  const changed = Object.keys(patch).sort();
  if (changed.length === 0) {
    return {
      action: 'none',
      reason: 'unchanged',
      desired,
      changedAttributes: [],
      graphWrites: 0,
      explanation: `Target user ${targetUser.id} was checked and already has the desired attributes.`,
    };
  }
  return {
    action: 'update',
    targetUserId: targetUser.id,
    patch,
    desired,
    changedAttributes: changed,
    graphWrites: 1,
    explanation: `Target user ${targetUser.id} was checked: put back ${changed.length} attribute(s) edited in the target.`,
  };
}
