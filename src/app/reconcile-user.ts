/**
 * The reconcile rule for one person in one sync, pure: compare what the source wants (the drain's own
 * decision, from the mirror), what the link says xtsync did, and what the target really has (the user
 * carrying the person's anchor, or the linked user in deleted items), and decide the repair. Repairs are
 * carried out by the ordinary apply step; when the link no longer tells the truth (a lost row, a user
 * deleted or edited by hand) the rule also returns the corrected link, so that the apply step plans the
 * right Graph calls from it.
 */
import type { SourceChangeDecision } from '../core/decide-source-change.js';
import type { DesiredState, RemovalPolicy, RemovalReason } from '../core/desired-state.js';
import type { Link } from '../core/link.js';
import type { TopologySync } from '../core/topology/topology.js';
import type { DirectoryUser } from '../core/user-attributes.js';
import { driftOf, observedLink } from './reconcile-observed.js';
import type { ReconcileAction } from './reconcile-report.js';

const dayMs = 24 * 60 * 60_000;

/** Everything the rule looks at for one person. */
export interface ReconcileUserInput {
  readonly sync: TopologySync;
  readonly sourceUserId: string;
  /** The source decision; a person the mirror does not know is a `hard-deleted` removal. */
  readonly decision: SourceChangeDecision;
  readonly link: Link | null;
  /** The target user carrying this person's anchor (the linked one when there are several), or null. */
  readonly present: DirectoryUser | null;
  /** The person's user in the target's deleted items: null when not there, absent when not looked up. */
  readonly deleted?: DirectoryUser | null;
  readonly now: Date;
}

/** The change the apply step is asked to make. */
export type RepairChange =
  | {
      readonly kind: 'upsert';
      readonly desired: DesiredState;
      /** Ask the apply step to read the linked user and repair it from what it finds. */
      readonly verifyTarget: boolean;
    }
  | { readonly kind: 'remove'; readonly reason: RemovalReason; readonly policy: RemovalPolicy };

/** The decision for one person. */
export type ReconcileStep =
  /** Ask again with `deleted` looked up (one paged read of deleted items serves the whole run). */
  | { readonly kind: 'needs-deleted-items' }
  /** The person has no user in the target and should have none: not even counted as unchanged. */
  | { readonly kind: 'nothing' }
  | {
      readonly kind: 'keep';
      /** A corrected link to save (rebuilt from the anchor), or null. */
      readonly linkFix: Link | null;
      readonly relinked: boolean;
      readonly explanation: string;
    }
  | {
      readonly kind: 'repair';
      readonly action: ReconcileAction;
      readonly change: RepairChange;
      /** Saved before the change is published, so the apply step plans from the truth. */
      readonly linkFix: Link | null;
      readonly relinked: boolean;
      readonly changedAttributes: readonly string[];
      readonly explanation: string;
    };

/** Decides the repair for one person (see the module comment). */
export function planReconcileUser(input: ReconcileUserInput): ReconcileStep {
  return input.decision.kind === 'upsert'
    ? planWanted(input, input.decision.desired)
    : planUnwanted(input, input.decision.reason);
}

function planWanted(input: ReconcileUserInput, desired: DesiredState): ReconcileStep {
  const { link, present } = input;
  const linkedId = linkedTargetId(link);
  const upsert: RepairChange = { kind: 'upsert', desired, verifyTarget: false };
  // The apply step reads the linked user itself and plans the repair from what it finds (verify-linked-target.ts).
  const verified: RepairChange = { kind: 'upsert', desired, verifyTarget: true };
  if (link !== null && linkedId !== null && link.state !== 'active') {
    // The source user is wanted again (its drain message was lost or failed): restore as the pipeline would.
    return repair(
      'restore',
      upsert,
      `The source user is wanted again; restore the ${link.state} target user.`,
    );
  }
  if (linkedId !== null && (present === null || present.id === linkedId)) {
    if (present) {
      const changed = driftOf(present, desired);
      if (changed.length === 0) return keep('The target user is as desired.');
      return repair('update', verified, `Revert ${changed.length} attribute(s) edited in the target.`, {
        changed,
      });
    }
    if (input.deleted === undefined) return { kind: 'needs-deleted-items' };
    return input.deleted
      ? repair('restore', verified, 'The target user was deleted out of band; restore it from deleted items.')
      : repair('create', verified, 'The target user was removed for good; create it again.');
  }
  // No usable link: rebuild it from the user carrying the anchor, recording what that user really has.
  if (present) {
    const linkFix = observedLink(
      input,
      present,
      present.attributes.accountEnabled === false ? 'disabled' : 'active',
    );
    const changed = driftOf(present, desired);
    if (changed.length === 0) {
      return keep(`Relinked target user ${present.id} by its anchor.`, {
        ...linkFix,
        appliedHash: desired.hash,
      });
    }
    const action: ReconcileAction = linkFix.state === 'disabled' ? 'restore' : 'update';
    const why = `Relinked target user ${present.id}; revert ${changed.length} attribute(s).`;
    return repair(action, upsert, why, { linkFix, relinked: true, changed });
  }
  if (input.deleted === undefined) return { kind: 'needs-deleted-items' };
  if (input.deleted) {
    const linkFix = observedLink(input, input.deleted, 'deleted');
    return repair('restore', upsert, 'The target user is in deleted items; restore it.', {
      linkFix,
      relinked: true,
    });
  }
  return repair('create', upsert, 'No target user exists for this person; create it.');
}

function planUnwanted(input: ReconcileUserInput, reason: RemovalReason): ReconcileStep {
  const { link, present, sync, now } = input;
  const policy = sync.removal;
  const remove = (mode: RemovalPolicy['mode']): RepairChange => ({
    kind: 'remove',
    reason,
    policy: { ...policy, mode },
  });
  const removal: ReconcileAction = policy.mode === 'delete' ? 'delete' : 'disable';
  const linkedId = linkedTargetId(link);
  // Nothing of this person is in the target (never was, or already removed): nothing to do or to count.
  if (present === null) return { kind: 'nothing' };
  // An orphan: a target user with our anchor whose source is gone or out of scope, and no link to it — or
  // a link that says it was deleted while it is live again (restored from deleted items by hand).
  if (link === null || linkedId === null || linkedId !== present.id || link.state === 'deleted') {
    const disabled = present.attributes.accountEnabled === false;
    const linkFix = observedLink(input, present, disabled ? 'disabled' : 'active');
    if (!disabled || policy.mode === 'delete') {
      const restored = link?.state === 'deleted' && linkedId === present.id;
      const why = restored
        ? `Target user ${present.id} was restored by hand after its removal, but ${reasonText(reason)}.`
        : `Orphaned target user ${present.id}: ${reasonText(reason)}.`;
      return repair(removal, remove(policy.mode), why, { linkFix, relinked: true });
    }
    return keep(`Relinked the disabled target user ${present.id}; its retention starts now.`, linkFix);
  }
  if (link.state === 'active') {
    return repair(removal, remove(policy.mode), `The target user is still active but ${reasonText(reason)}.`);
  }
  // Disabled: delete once retention has passed (or the policy became `delete`), re-disable if re-enabled by hand.
  const disabledAt = Date.parse(link.disabledAt ?? link.updatedAt);
  if (policy.mode === 'delete' || now.getTime() >= disabledAt + policy.deleteAfterDays * dayMs) {
    const why = `Disabled for ${policy.deleteAfterDays} day(s) or more: delete the target user.`;
    return repair('delete', remove('delete'), why);
  }
  if (present.attributes.accountEnabled !== false) {
    return repair('disable', remove('disable'), 'The target user was re-enabled by hand; disable it again.', {
      linkFix: { ...link, state: 'active' },
      changed: ['accountEnabled'],
    });
  }
  return keep('The target user is disabled and within its retention period.');
}

function linkedTargetId(link: Link | null): string | null {
  return link === null || link.state === 'absent' ? null : link.targetUserId;
}

function reasonText(reason: RemovalReason): string {
  return reason === 'out-of-scope' ? 'its source user is out of scope' : `its source user is ${reason}`;
}

/** Nothing to repair; `relink` is a link rebuilt from the anchor, to save. */
function keep(explanation: string, relink: Link | null = null): ReconcileStep {
  return { kind: 'keep', linkFix: relink, relinked: relink !== null, explanation };
}

function repair(
  action: ReconcileAction,
  change: RepairChange,
  explanation: string,
  extra: { readonly linkFix?: Link; readonly relinked?: boolean; readonly changed?: readonly string[] } = {},
): ReconcileStep {
  return {
    kind: 'repair',
    action,
    change,
    linkFix: extra.linkFix ?? null,
    relinked: extra.relinked ?? false,
    changedAttributes: extra.changed ?? [],
    explanation,
  };
}
