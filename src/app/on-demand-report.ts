/**
 * The step-by-step report of provisioning one user on demand, like Entra's "provision on demand"
 * (cts-benchmark §1.11: Import → Scope → Match → Action), plus the Graph result: what xtsync read in the
 * source, which rule decided, which target user it found, what it did and what Graph answered. A step is
 * null when the run stopped before it.
 */
import type { LinkState } from '../core/link.js';
import type { NotInternalReason } from '../core/loop-prevention.js';
import type { RemovalReason } from '../core/desired-state.js';
import type { UserAttributes } from '../core/user-attributes.js';
import type { SyncAction } from './ports.js';

/** How a step went: done, not needed, or failed (the run stops at a failed step). */
export type StepStatus = 'success' | 'skipped' | 'failure';

/** An error as the report shows it: the stable code and the message. */
export interface StepError {
  readonly code: string;
  readonly message: string;
}

/** Source read: the user as xtsync reads it (the topology's `$select` list), or that it does not exist. */
export interface SourceReadStep {
  readonly status: StepStatus;
  readonly summary: string;
  readonly found: boolean;
  /** The attributes seen; for a missing user, those last mirrored (null when never seen). */
  readonly attributes: UserAttributes | null;
  readonly select: readonly string[];
  readonly error: StepError | null;
}

/** What decided the user's fate in this sync. */
export type DecidedBy = 'source-state' | 'loop-prevention' | 'account-disabled' | 'scope-filters';

/** Scope decision: upsert or removal, which rule decided, and the loop-prevention and filter verdicts. */
export interface ScopeStep {
  readonly status: StepStatus;
  readonly summary: string;
  readonly decision: 'upsert' | 'remove' | null;
  readonly removalReason: RemovalReason | null;
  readonly decidedBy: DecidedBy | null;
  /** Null when the user is missing (there is nothing to judge). */
  readonly loopPrevention: {
    readonly internal: boolean;
    readonly reason: NotInternalReason | null;
    readonly explanation: string;
  } | null;
  /** The core `evaluateScope` verdict: 1-based numbers of the deciding filter and clause. */
  readonly filters: {
    readonly inScope: boolean;
    readonly filter: number | null;
    readonly clause: number | null;
    readonly explanation: string;
  } | null;
  readonly error: StepError | null;
}

/** Match: the linked target user, or the one found by anchor or mail, or none. */
export interface MatchStep {
  readonly status: StepStatus;
  readonly summary: string;
  /** `link`: the link named it; `anchor`/`mail`: found by search; `none`: nothing found; `not-needed`: removal. */
  readonly by: 'link' | 'anchor' | 'mail' | 'none' | 'not-needed';
  readonly targetUserId: string | null;
  readonly link: {
    readonly targetUserId: string | null;
    readonly state: LinkState;
    /** Whether the linked user was found when xtsync checked it in the target. */
    readonly verified: 'present' | 'missing' | null;
  } | null;
}

/** Action: the plan carried out and why. */
export interface ActionStep {
  readonly status: StepStatus;
  readonly summary: string;
  readonly action: SyncAction;
  readonly explanation: string;
  readonly changedAttributes: readonly string[];
  readonly graphWrites: number;
}

/** Graph result: the writes made, or the error Graph (or the state store) answered. */
export interface GraphResultStep {
  readonly status: StepStatus;
  readonly summary: string;
  readonly targetUserId: string | null;
  readonly graphWrites: number;
  readonly error: StepError | null;
}

/** The report of one user. `outcome` is `failure` when a step failed, `skipped` when nothing was written. */
export interface OnDemandReport {
  readonly syncId: string;
  readonly sourceTenantId: string;
  readonly targetTenantId: string;
  readonly sourceUserId: string;
  readonly outcome: StepStatus;
  readonly steps: {
    readonly sourceRead: SourceReadStep;
    readonly scope: ScopeStep | null;
    readonly match: MatchStep | null;
    readonly action: ActionStep | null;
    readonly graphResult: GraphResultStep | null;
  };
  /** Things the operator should know that did not fail the run (e.g. the mirror could not be updated). */
  readonly warnings: readonly string[];
}

/** What provisioning on demand answered: the reports, or that the sync is not in the active topology. */
export type OnDemandOutcome =
  | { readonly kind: 'unknown-sync'; readonly syncId: string; readonly topologyVersion: number | null }
  | { readonly kind: 'done'; readonly syncId: string; readonly reports: readonly OnDemandReport[] };
