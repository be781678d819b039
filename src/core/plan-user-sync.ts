/**
 * Pure planning for the apply step: given what the source wants (an upsert or a removal) and the link, or
 * the target user found for the person, decide the cheapest correct action. Redelivered and retried
 * messages plan to `none` once applied, so at-least-once delivery converges without extra writes.
 */
import { parseAnchor } from './anchors.js';
import type { DesiredState, RemovalPolicy, RemovalReason } from './desired-state.js';
import { diffAttributes, isEmptyAttributeValue } from './diff-attributes.js';
import type { Link } from './link.js';
import type { ConflictPlan, MatchNeeded, NonePlan, SyncPlan } from './sync-plan.js';
import type { AttributeValue, DirectoryUser, UserAttributes } from './user-attributes.js';

/** A change for one source user in one sync, with the mirror version it was computed from. */
export type UserChange =
  | { readonly kind: 'upsert'; readonly desired: DesiredState; readonly sourceVersion: number }
  | {
      readonly kind: 'remove';
      readonly reason: RemovalReason;
      readonly policy: RemovalPolicy;
      readonly sourceVersion: number;
    };

/**
 * Plans a change against the stored link. Older source versions than the link's are `none`/`stale`; an
 * upsert without a usable link (none, `absent`, or no target user id) needs a match first; a removal
 * without one is `none`/`already-removed`.
 */
export function planForLinkedUser(input: { change: UserChange; link: Link | null }): SyncPlan | MatchNeeded {
  const { change, link } = input;
  if (link !== null && change.sourceVersion < link.sourceVersion) {
    return none(
      'stale',
      `Source version ${change.sourceVersion} is older than the applied ${link.sourceVersion}.`,
    );
  }
  const targetUserId = link?.state === 'absent' ? null : (link?.targetUserId ?? null);
  if (link === null || targetUserId === null) {
    return change.kind === 'upsert'
      ? {
          action: 'match',
          explanation: 'No target user is linked yet: look for one by anchor, then by mail.',
        }
      : none('already-removed', 'No target user is linked, so there is nothing to remove.');
  }
  if (change.kind === 'remove') return planRemoval(change.policy, change.reason, link, targetUserId);
  const { desired } = change;
  const patch = diffAttributes(link.appliedAttributes, desired.attributes);
  if (link.state === 'deleted') {
    const writes = 1 + (isEmptyPatch(patch) ? 0 : 1);
    return {
      action: 'restore',
      from: 'deleted',
      targetUserId,
      patch,
      desired,
      ...facts(patch, writes, 'The source user is back: restore the target user from deleted items.'),
    };
  }
  if (link.state === 'disabled') {
    return {
      action: 'restore',
      from: 'disabled',
      targetUserId,
      patch,
      desired,
      ...facts(patch, writesFor(patch), 'The source user is back: re-enable the target user.'),
    };
  }
  if (link.appliedHash === desired.hash || isEmptyPatch(patch)) {
    return { ...none('unchanged', 'The target user already has the desired attributes.'), desired };
  }
  return {
    action: 'update',
    targetUserId,
    patch,
    desired,
    ...facts(patch, 1, `Update ${Object.keys(patch).length} changed attribute(s).`),
  };
}

function planRemoval(
  policy: RemovalPolicy,
  reason: RemovalReason,
  link: Link,
  targetUserId: string,
): SyncPlan {
  const why = `the source user is ${reason === 'out-of-scope' ? 'out of scope' : reason}`;
  if (link.state === 'deleted' || (link.state === 'disabled' && policy.mode === 'disable')) {
    return none('already-removed', `The target user is already ${link.state}.`);
  }
  if (policy.mode === 'delete') {
    return {
      action: 'delete',
      targetUserId,
      changedAttributes: [],
      graphWrites: 1,
      explanation: `Delete the target user: ${why}.`,
    };
  }
  const patch: Record<string, AttributeValue> = { accountEnabled: false };
  // Only hide the user when xtsync manages address-list visibility for this sync.
  if ('showInAddressList' in link.appliedAttributes) patch.showInAddressList = false;
  return {
    action: 'disable',
    targetUserId,
    patch,
    ...facts(patch, 1, `Disable the target user: ${why}; delete it after ${policy.deleteAfterDays} days.`),
  };
}

/** What a search of the target tenant found for the person. */
export type TargetMatch =
  | { readonly kind: 'none' }
  | { readonly kind: 'anchor'; readonly user: DirectoryUser }
  | { readonly kind: 'mail'; readonly user: DirectoryUser };

/** Input of {@link planForMatch}. */
export interface PlanForMatchInput {
  readonly desired: DesiredState;
  /** The person's anchor value `<sourceTenantId>:<sourceUserId>`. */
  readonly anchor: string;
  /** The anchor extension name; the found user must have been read with it selected. */
  readonly anchorAttribute: string;
  readonly match: TargetMatch;
}

/**
 * Plans after a target search: nothing found → create (invitation, then one PATCH with every non-empty
 * attribute and the anchor); found → adopt (PATCH only what differs from the user's current values, plus
 * the anchor when missing); found by mail but carrying another person's anchor → conflict.
 */
export function planForMatch(input: PlanForMatchInput): SyncPlan | ConflictPlan {
  const { desired, anchor, anchorAttribute, match } = input;
  const wanted = { ...desired.attributes, ...desired.onCreateOnly };
  if (match.kind === 'none') {
    const patch: Record<string, AttributeValue> = {};
    for (const [name, value] of Object.entries(wanted))
      if (!isEmptyAttributeValue(value)) patch[name] = value;
    patch[anchorAttribute] = anchor;
    return {
      action: 'create',
      invitation: desired.invitation,
      patch,
      desired,
      ...facts(patch, 2, `Invite ${desired.invitation.email} as an external member.`),
    };
  }
  const { user } = match;
  const found = user.attributes[anchorAttribute];
  const foundAnchor = isEmptyAttributeValue(found) ? null : parseAnchor(found);
  const ours = parseAnchor(anchor);
  const sameAnchor =
    foundAnchor !== null &&
    ours !== null &&
    foundAnchor.sourceTenantId === ours.sourceTenantId &&
    foundAnchor.sourceUserId === ours.sourceUserId;
  if (!isEmptyAttributeValue(found) && !sameAnchor) {
    const reason = `Target user ${user.id} (found by ${match.kind}) carries the anchor '${String(found)}' of another person, not '${anchor}'.`;
    return {
      action: 'conflict',
      targetUserId: user.id,
      reason,
      changedAttributes: [],
      graphWrites: 0,
      explanation: reason,
    };
  }
  const patch: Record<string, AttributeValue> = { ...diffAttributes(user.attributes, wanted) };
  if (!sameAnchor) patch[anchorAttribute] = anchor;
  return {
    action: 'adopt',
    targetUserId: user.id,
    matchedBy: match.kind,
    patch,
    desired,
    ...facts(patch, writesFor(patch), `Adopt target user ${user.id}, found by ${match.kind}.`),
  };
}

function facts(
  patch: UserAttributes,
  graphWrites: number,
  explanation: string,
): { changedAttributes: readonly string[]; graphWrites: number; explanation: string } {
  return { changedAttributes: Object.keys(patch).sort(), graphWrites, explanation };
}

function writesFor(patch: UserAttributes): number {
  return isEmptyPatch(patch) ? 0 : 1;
}

function isEmptyPatch(patch: UserAttributes): boolean {
  return Object.keys(patch).length === 0;
}

function none(reason: NonePlan['reason'], explanation: string): NonePlan {
  return { action: 'none', reason, desired: null, changedAttributes: [], graphWrites: 0, explanation };
}
