/**
 * What one source user means for one sync: the desired target state (upsert) or a removal with its reason.
 * The drain runs this for every changed user × every sync from the user's tenant.
 */
import { computeDesiredState, type MappedSync } from './compute-desired-state.js';
import type { DesiredState, RemovalReason } from './desired-state.js';
import { isInternalMember } from './loop-prevention.js';
import { evaluateScope, type ScopeFilter } from './scope.js';
import type { UserAttributes } from './user-attributes.js';

/** Source-side state of a user; the same values as the mirror's `MirrorState`. */
export type SourceUserState = 'present' | 'soft-deleted' | 'hard-deleted';

/** The sync rules the decision needs: scope, mappings and redirect URL. */
export interface DecidingSync extends MappedSync {
  readonly scope: readonly ScopeFilter[];
}

/** Input of {@link decideSourceChange}. */
export interface DecideSourceChangeInput {
  /** The mirrored source user: its selected attributes and whether it still exists. */
  readonly user: { readonly attributes: UserAttributes; readonly state: SourceUserState };
  readonly sync: DecidingSync;
  /** The anchor extension name of this deployment (loop prevention reads it). */
  readonly anchorAttribute: string;
  /** Overrides the sync's invitation redirect URL. */
  readonly redirectUrl?: string;
}

/** The decision, with a sentence for logs and provision-on-demand reports. */
export type SourceChangeDecision =
  | { readonly kind: 'upsert'; readonly desired: DesiredState; readonly explanation: string }
  | { readonly kind: 'remove'; readonly reason: RemovalReason; readonly explanation: string };

/**
 * Decides upsert or removal, checking in this order: hard-deleted → `hard-deleted`; soft-deleted →
 * `deleted`; not an internal member (loop prevention) → `out-of-scope`; `accountEnabled` false →
 * `disabled`; scoping filters fail → `out-of-scope`; otherwise upsert with the computed desired state.
 *
 * @throws SyncError `MESSAGE.INVALID` when an in-scope user has neither mail nor userPrincipalName.
 */
export function decideSourceChange(input: DecideSourceChangeInput): SourceChangeDecision {
  const { user, sync } = input;
  if (user.state === 'hard-deleted') {
    return {
      kind: 'remove',
      reason: 'hard-deleted',
      explanation: 'The source user was permanently deleted.',
    };
  }
  if (user.state === 'soft-deleted') {
    return {
      kind: 'remove',
      reason: 'deleted',
      explanation: 'The source user was deleted (in deleted items).',
    };
  }
  const member = isInternalMember(user.attributes, input.anchorAttribute);
  if (!member.internal) {
    return {
      kind: 'remove',
      reason: 'out-of-scope',
      explanation: `Not an internal member: ${member.explanation}.`,
    };
  }
  if (user.attributes.accountEnabled === false) {
    return {
      kind: 'remove',
      reason: 'disabled',
      explanation: 'The source user is disabled (accountEnabled false).',
    };
  }
  const scope = evaluateScope(user.attributes, sync.scope);
  if (!scope.inScope) return { kind: 'remove', reason: 'out-of-scope', explanation: scope.explanation };
  const options = input.redirectUrl === undefined ? {} : { redirectUrl: input.redirectUrl };
  return {
    kind: 'upsert',
    desired: computeDesiredState(user.attributes, sync, options),
    explanation: scope.explanation,
  };
}
