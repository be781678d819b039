/**
 * The decisions of the apply step for one user of one sync (DESIGN.md §2): create | adopt | update | disable |
 * restore | delete | none. Plans are values; the apply use case performs them against the target tenant and
 * saves the resulting link (apply-plan-to-link.ts).
 */
import type { DesiredState } from './desired-state.js';
import type { UserAttributes } from './user-attributes.js';

/** Why a plan does nothing. */
export type NoneReason = 'stale' | 'unchanged' | 'already-removed';

/** What every plan reports to the provisioning log. */
interface PlanFacts {
  /** Attribute names the plan writes, sorted (empty when it writes none). */
  readonly changedAttributes: readonly string[];
  /** Graph writes the plan costs: invitation, PATCH, DELETE and restore each count one. */
  readonly graphWrites: number;
  /** A sentence for logs and provision-on-demand reports. */
  readonly explanation: string;
}

/** Invite the person, then PATCH the full desired state and the anchor onto the new user. */
export interface CreatePlan extends PlanFacts {
  readonly action: 'create';
  readonly invitation: DesiredState['invitation'];
  readonly patch: UserAttributes;
  readonly desired: DesiredState;
}

/** Take over an existing target user of the same person: PATCH what differs, and the anchor when missing. */
export interface AdoptPlan extends PlanFacts {
  readonly action: 'adopt';
  readonly targetUserId: string;
  readonly matchedBy: 'anchor' | 'mail';
  /** Empty when the user already looks as desired (then the plan costs no write). */
  readonly patch: UserAttributes;
  readonly desired: DesiredState;
}

/** PATCH the attributes that changed since the last write. */
export interface UpdatePlan extends PlanFacts {
  readonly action: 'update';
  readonly targetUserId: string;
  readonly patch: UserAttributes;
  readonly desired: DesiredState;
}

/** Bring back a removed user: re-enable a disabled one, or restore a deleted one from deleted items first. */
export interface RestorePlan extends PlanFacts {
  readonly action: 'restore';
  readonly targetUserId: string;
  readonly from: 'disabled' | 'deleted';
  /** Includes `accountEnabled: true` (and `showInAddressList`) whenever removal changed them. */
  readonly patch: UserAttributes;
  readonly desired: DesiredState;
}

/** Block sign-in and hide from the address list (soft removal, reversible). */
export interface DisablePlan extends PlanFacts {
  readonly action: 'disable';
  readonly targetUserId: string;
  readonly patch: UserAttributes;
}

/** Soft-delete the user into deleted items (restorable for 30 days). */
export interface DeletePlan extends PlanFacts {
  readonly action: 'delete';
  readonly targetUserId: string;
}

/** Nothing to write. `desired` is set when an upsert found the target already as desired. */
export interface NonePlan extends PlanFacts {
  readonly action: 'none';
  readonly reason: NoneReason;
  readonly desired: DesiredState | null;
}

/** A decided plan for one user of one sync. */
export type SyncPlan =
  CreatePlan | AdoptPlan | UpdatePlan | RestorePlan | DisablePlan | DeletePlan | NonePlan;

/** The link gives no target user: look for the person in the target (anchor, then mail) and plan again. */
export interface MatchNeeded {
  readonly action: 'match';
  readonly explanation: string;
}

/** The only target user with the person's mail carries another person's anchor: an operator must decide. */
export interface ConflictPlan extends PlanFacts {
  readonly action: 'conflict';
  readonly targetUserId: string;
  readonly reason: string;
}
