/**
 * What applying a topology would do to one sync's target, decided with the pipeline's own rules: the
 * drain's decision for each source user (decide-source-change), then the apply step's planning against the
 * link (planForLinkedUser) or, without a usable link, against the user carrying the person's anchor
 * (planForMatch). Pure: the caller reads the users, links and target users.
 */
import { formatAnchor } from '../core/anchors.js';
import { decideSourceChange } from '../core/decide-source-change.js';
import type { Link } from '../core/link.js';
import { planForLinkedUser, planForMatch, type UserChange } from '../core/plan-user-sync.js';
import { isSyncError } from '../core/sync-errors.js';
import type { SyncPlan, ConflictPlan } from '../core/sync-plan.js';
import type { TopologySync } from '../core/topology/topology.js';
import type { DirectoryUser } from '../core/user-attributes.js';
import type { PlannedSourceUser } from './plan-topology-source.js';

/** One user a plan would touch, as the CLI shows it (src/cli/admin-responses.ts). */
export interface PlannedUser {
  readonly sourceUserId: string;
  readonly displayName?: string;
  readonly userPrincipalName?: string;
  readonly targetUserId?: string;
  readonly changedAttributes?: readonly string[];
  readonly reason?: string;
}

/** The buckets of one sync: who would be created, updated (or restored), removed, and who stays as is. */
export interface SyncPlanBuckets {
  readonly create: PlannedUser[];
  readonly update: PlannedUser[];
  readonly remove: PlannedUser[];
  readonly unchanged: PlannedUser[];
}

/** What the plan of one sync looks at. */
export interface PlanSyncInput {
  readonly sync: TopologySync;
  readonly users: readonly PlannedSourceUser[];
  /** The sync's links, by lower-case source user id (none for a new sync). */
  readonly links: ReadonlyMap<string, Link>;
  /** Target users carrying an anchor of the sync's source tenant, by lower-case source user id. */
  readonly anchored: ReadonlyMap<string, readonly DirectoryUser[]>;
  readonly anchorAttribute: string;
}

/**
 * Sorts every source user of the sync into a bucket. Users that are out of scope and have no target user
 * are left out (applying changes nothing for them); so are users the drain cannot sync (no mail, no UPN).
 */
export function planTopologySync(input: PlanSyncInput): SyncPlanBuckets {
  const buckets: SyncPlanBuckets = { create: [], update: [], remove: [], unchanged: [] };
  for (const user of input.users) {
    const planned = planUser(user, input);
    if (planned !== null) buckets[planned.bucket].push(planned.user);
  }
  return buckets;
}

function planUser(
  user: PlannedSourceUser,
  input: PlanSyncInput,
): { bucket: keyof SyncPlanBuckets; user: PlannedUser } | null {
  const { sync, anchorAttribute } = input;
  let decision;
  try {
    decision = decideSourceChange({ user, sync, anchorAttribute });
  } catch (error) {
    if (isSyncError(error, 'MESSAGE.INVALID')) return null;
    throw error;
  }
  const key = user.id.toLowerCase();
  const link = input.links.get(key) ?? null;
  const sourceVersion = link?.sourceVersion ?? 0;
  const change: UserChange =
    decision.kind === 'upsert'
      ? { kind: 'upsert', desired: decision.desired, sourceVersion }
      : { kind: 'remove', reason: decision.reason, policy: sync.removal, sourceVersion };
  const linked = planForLinkedUser({ change, link });
  let plan: SyncPlan | ConflictPlan = linked.action === 'match' ? matchPlan(user, input, change) : linked;
  if (plan.action === 'none' && plan.reason === 'already-removed' && link === null) return null;
  if (plan.action === 'none' && plan.reason === 'stale') plan = { ...plan, reason: 'unchanged' };
  const bucket = bucketOf(plan);
  const targetUserId = 'targetUserId' in plan ? plan.targetUserId : (link?.targetUserId ?? undefined);
  return {
    bucket,
    user: {
      sourceUserId: user.id,
      ...text('displayName', user.attributes.displayName),
      ...text('userPrincipalName', user.attributes.userPrincipalName),
      ...(targetUserId ? { targetUserId } : {}),
      ...(bucket === 'update' ? { changedAttributes: plan.changedAttributes } : {}),
      reason: decision.kind === 'remove' ? decision.explanation : plan.explanation,
    },
  };
}

/** No usable link: the person's anchored target user (if any) is what applying would adopt. */
function matchPlan(
  user: PlannedSourceUser,
  input: PlanSyncInput,
  change: UserChange,
): SyncPlan | ConflictPlan {
  if (change.kind !== 'upsert') throw new Error('Only an upsert can need a target match.');
  const present = input.anchored.get(user.id.toLowerCase())?.[0];
  return planForMatch({
    desired: change.desired,
    anchor: formatAnchor(input.sync.fromTenantId, user.id),
    anchorAttribute: input.anchorAttribute,
    match: present ? { kind: 'anchor', user: present } : { kind: 'none' },
  });
}

function bucketOf(plan: SyncPlan | ConflictPlan): keyof SyncPlanBuckets {
  switch (plan.action) {
    case 'create':
      return 'create';
    case 'update':
    case 'restore':
    case 'conflict':
      return 'update';
    case 'adopt':
      return plan.graphWrites === 0 ? 'unchanged' : 'update';
    case 'disable':
    case 'delete':
      return 'remove';
    case 'none':
      return 'unchanged';
  }
}

function text<K extends string>(name: K, value: unknown): Partial<Record<K, string>> {
  return typeof value === 'string' && value !== '' ? ({ [name]: value } as Record<K, string>) : {};
}
