/**
 * The link to save after a plan was carried out successfully: what xtsync now manages in the target, what
 * it last wrote there, and from which source version, so the next change is diffed and ordered correctly.
 */
import type { Link, LinkState } from './link.js';
import type { SyncPlan } from './sync-plan.js';
import type { UserAttributes } from './user-attributes.js';

/** Which sync and person a link belongs to. */
export type LinkKey = Pick<Link, 'syncId' | 'sourceTenantId' | 'sourceUserId' | 'targetTenantId'>;

/** Input of {@link applyPlanToLink}. */
export interface ApplyPlanToLinkInput {
  readonly plan: SyncPlan;
  /** The link the plan was made from, or null when there was none. */
  readonly link: Link | null;
  readonly key: LinkKey;
  /** The source version of the change that was applied. */
  readonly sourceVersion: number;
  readonly now: Date;
  /** The id of the user the invitation created; required for `create`. */
  readonly createdUserId?: string;
}

/**
 * Returns the link after a successful plan. A `stale` plan returns the link unchanged (a newer change
 * already wrote it); every other plan clears `lastError`, never lowers `sourceVersion`, and stamps
 * `updatedAt`. A removal without any link records an `absent` link so a late, older upsert stays stale.
 *
 * @throws Error when a `create` plan comes without `createdUserId`.
 */
export function applyPlanToLink(input: ApplyPlanToLinkInput): Link {
  const { plan, link, key, now } = input;
  if (plan.action === 'none' && plan.reason === 'stale' && link !== null) return link;
  const at = now.toISOString();
  const previous: Link = link ?? {
    ...key,
    targetUserId: null,
    state: 'absent',
    appliedHash: null,
    appliedAttributes: {},
    sourceVersion: input.sourceVersion,
    createdAt: at,
    updatedAt: at,
    disabledAt: null,
    deletedAt: null,
    lastError: null,
  };
  const base: Link = {
    ...previous,
    ...key,
    sourceVersion: Math.max(previous.sourceVersion, input.sourceVersion),
    updatedAt: at,
    lastError: null,
  };
  switch (plan.action) {
    case 'create':
      if (input.createdUserId === undefined)
        throw new Error('A create plan needs the created user id to save its link.');
      return brandNew(base, input.createdUserId, plan.desired.hash, {
        ...plan.desired.attributes,
        ...plan.desired.onCreateOnly,
      });
    case 'adopt':
      return brandNew(base, plan.targetUserId, plan.desired.hash, {
        ...plan.desired.attributes,
        ...plan.desired.onCreateOnly,
      });
    case 'update':
      return { ...written(base, plan.patch), appliedHash: plan.desired.hash };
    case 'restore':
      return {
        ...written(base, plan.patch),
        state: 'active',
        appliedHash: plan.desired.hash,
        disabledAt: null,
        deletedAt: null,
      };
    case 'disable':
      return { ...written(base, plan.patch), state: 'disabled', disabledAt: at };
    case 'delete':
      return { ...base, state: 'deleted', deletedAt: at };
    case 'none':
      return plan.desired === null ? base : { ...base, appliedHash: plan.desired.hash };
  }
}

function brandNew(
  base: Link,
  targetUserId: string,
  appliedHash: string,
  appliedAttributes: UserAttributes,
): Link {
  const state: LinkState = 'active';
  return { ...base, targetUserId, state, appliedHash, appliedAttributes, disabledAt: null, deletedAt: null };
}

function written(base: Link, patch: UserAttributes): Link {
  return { ...base, appliedAttributes: { ...base.appliedAttributes, ...patch } };
}
