/**
 * What a target tenant must show after each lifecycle step, derived from the sync with the product's own
 * rules (`computeDesiredState`), and the probe that compares it with what the target's Graph returns. The
 * target user is always looked up by xtsync's anchor, so a restored or re-created user is found either way.
 */
import { computeDesiredState } from '../../core/compute-desired-state.js';
import { sameAttributeValue } from '../../core/diff-attributes.js';
import type { TopologySync } from '../../core/topology/topology.js';
import type { AttributeValue, UserAttributes } from '../../core/user-attributes.js';
import type { DemoDirectory } from './demo-directory.js';
import type { DemoStep } from './demo-timeline.js';

/** `present`: one active user carries the anchor and these values; `deleted`: it is in deleted items. */
export type TargetExpectation =
  { readonly kind: 'present'; readonly attributes: UserAttributes } | { readonly kind: 'deleted' };

/** What the probe saw: converged (with the target user's id) or not yet, and why. */
export type TargetObservation =
  | { readonly converged: true; readonly targetUserId: string }
  | { readonly converged: false; readonly detail: string };

/**
 * The target state after `step` for a source user with `source` attributes in `sync`: the mapped attributes
 * (on create also the create-only ones) with the anchor; after a leaver, sign-in blocked and hidden from the
 * address list (when the sync manages it) — or, with `removal: delete`, the user in deleted items.
 */
export function expectTarget(
  step: DemoStep,
  sync: TopologySync,
  source: UserAttributes,
  anchor: { readonly attribute: string; readonly value: string },
): TargetExpectation {
  const desired = computeDesiredState(source, sync);
  const anchored = { [anchor.attribute]: anchor.value };
  switch (step) {
    case 'joiner':
      return { kind: 'present', attributes: { ...desired.onCreateOnly, ...desired.attributes, ...anchored } };
    case 'mover':
    case 'return':
      return { kind: 'present', attributes: { ...desired.attributes, ...anchored } };
    case 'leaver': {
      if (sync.removal.mode === 'delete') return { kind: 'deleted' };
      const removed: Record<string, AttributeValue> = { accountEnabled: false, ...anchored };
      // xtsync hides the user only where it manages address-list visibility (the default mapping).
      if ('showInAddressList' in desired.attributes) removed.showInAddressList = false;
      return { kind: 'present', attributes: removed };
    }
  }
}

/** Each attribute of `expected` that `actual` does not match, as `name is 'x', expected 'y'`. */
export function describeMismatches(actual: UserAttributes, expected: UserAttributes): string[] {
  return Object.entries(expected)
    .filter(([name, value]) => !sameAttributeValue(actual[name], value))
    .map(([name, value]) => `${name} is ${show(actual[name])}, expected ${show(value)}`);
}

/**
 * Reads the target once and says whether it shows `expectation`. `knownTargetUserId` (from the joiner) is
 * the user to look for in deleted items.
 */
export async function observeTarget(
  directory: DemoDirectory,
  expectation: TargetExpectation,
  anchor: { readonly attribute: string; readonly value: string },
  knownTargetUserId: string | null,
): Promise<TargetObservation> {
  const select = expectation.kind === 'present' ? Object.keys(expectation.attributes) : ['accountEnabled'];
  const users = await directory.findByAnchor(anchor.attribute, anchor.value, select);
  if (users.length > 1) {
    return {
      converged: false,
      detail: `${users.length} users carry anchor ${anchor.value} (${users.map((u) => u.id).join(', ')}); expected one`,
    };
  }
  const [user] = users;
  if (expectation.kind === 'deleted') {
    if (user) return { converged: false, detail: `target user ${user.id} is still active` };
    if (knownTargetUserId === null) return { converged: false, detail: 'no target user is known' };
    return (await directory.isDeleted(knownTargetUserId))
      ? { converged: true, targetUserId: knownTargetUserId }
      : { converged: false, detail: `target user ${knownTargetUserId} is not in deleted items` };
  }
  if (!user) return { converged: false, detail: `no active user carries anchor ${anchor.value}` };
  const mismatches = describeMismatches(user.attributes, expectation.attributes);
  return mismatches.length === 0
    ? { converged: true, targetUserId: user.id }
    : { converged: false, detail: `target user ${user.id}: ${mismatches.join('; ')}` };
}

function show(value: AttributeValue | undefined): string {
  if (value === undefined || value === null) return 'empty';
  return typeof value === 'string' ? `'${value}'` : JSON.stringify(value);
}
