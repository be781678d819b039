/**
 * What reconciliation learns from a target user it read: the `apply: always` attributes that drifted from
 * the desired state, and the link rebuilt from the user when the link row was lost or points elsewhere.
 */
import type { DesiredState } from '../core/desired-state.js';
import { diffAttributes } from '../core/diff-attributes.js';
import type { Link, LinkState } from '../core/link.js';
import type { TopologySync } from '../core/topology/topology.js';
import type { AttributeValue, DirectoryUser, UserAttributes } from '../core/user-attributes.js';

/** The `apply: always` attributes whose target value differs from the desired one, sorted. */
export function driftOf(user: DirectoryUser, desired: DesiredState): string[] {
  const observed = pick(user.attributes, Object.keys(desired.attributes));
  return Object.keys(diffAttributes(observed, desired.attributes)).sort();
}

/** Who a rebuilt link belongs to, and the link it replaces (kept for its version and creation time). */
export interface ObservedLinkInput {
  readonly sync: TopologySync;
  readonly sourceUserId: string;
  readonly link: Link | null;
  readonly now: Date;
}

/**
 * A link rebuilt from what the target shows: every mapped attribute as the user has it (so the apply step
 * patches exactly what differs), nothing assumed applied (`appliedHash` null), and `state` as observed. A
 * relinked disabled user's retention counts from `now`: when it was disabled is not known.
 */
export function observedLink(input: ObservedLinkInput, user: DirectoryUser, state: LinkState): Link {
  const { sync, link, now } = input;
  const at = now.toISOString();
  const names = [...sync.mappings.map((mapping) => mapping.target), 'accountEnabled'];
  return {
    syncId: sync.id,
    sourceTenantId: sync.fromTenantId,
    sourceUserId: input.sourceUserId,
    targetTenantId: sync.toTenantId,
    targetUserId: user.id,
    state,
    appliedHash: null,
    appliedAttributes: pick(user.attributes, names),
    sourceVersion: link?.sourceVersion ?? 0,
    createdAt: link?.createdAt ?? at,
    updatedAt: at,
    disabledAt: state === 'disabled' ? at : null,
    deletedAt: state === 'deleted' ? at : null,
    lastError: null,
  };
}

function pick(attributes: UserAttributes, names: readonly string[]): UserAttributes {
  const picked: Record<string, AttributeValue> = {};
  for (const name of names) picked[name] = attributes[name] ?? null;
  return picked;
}
