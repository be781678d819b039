/**
 * The on-demand report's Match, Action and Graph-result steps, described from the apply step's trace and
 * outcome (see on-demand-steps.ts for the source side). Nothing here decides anything.
 */
import type { TargetMatch } from '../core/plan-user-sync.js';
import type { SyncPlan } from '../core/sync-plan.js';
import type { ApplyTrace } from './apply-trace.js';
import type { TargetChange } from './messages.js';
import type { ActionStep, GraphResultStep, MatchStep, StepError } from './on-demand-report.js';

/**
 * The match step from the apply trace; null when the apply failed before it read the link, failed when it
 * failed while searching the target.
 */
export function matchStep(trace: ApplyTrace, change: TargetChange, applyFailed: boolean): MatchStep | null {
  if (trace.link === undefined) return null;
  const link = trace.link;
  const usable = link !== null && link.state !== 'absent' && link.targetUserId !== null;
  const linkInfo =
    link === null
      ? null
      : { targetUserId: link.targetUserId, state: link.state, verified: trace.verified ?? null };
  if (trace.match !== undefined) {
    const email = change.kind === 'upsert' ? change.desired.invitation.email : '';
    const gone = usable ? 'The linked target user is gone; searched again. ' : '';
    return {
      status: 'success',
      summary: `${gone}${describeMatch(trace.match, email)}`,
      by: trace.match.kind,
      targetUserId: trace.match.kind === 'none' ? null : trace.match.user.id,
      link: linkInfo,
    };
  }
  if (usable) {
    const checked =
      trace.verified === 'present'
        ? ', checked in the target'
        : trace.verified === 'missing'
          ? ', gone from the target'
          : '';
    return {
      status: 'success',
      summary: `Linked target user ${link.targetUserId} (link ${link.state}${checked}).`,
      by: 'link',
      targetUserId: link.targetUserId,
      link: linkInfo,
    };
  }
  if (change.kind === 'upsert' && applyFailed) {
    return {
      status: 'failure',
      summary: 'The search of the target tenant for this person failed.',
      by: 'none',
      targetUserId: null,
      link: linkInfo,
    };
  }
  return {
    status: 'skipped',
    summary: 'No target user is linked, so there is nothing to look for.',
    by: 'not-needed',
    targetUserId: null,
    link: linkInfo,
  };
}

/** The match and action steps of a removal for a user this sync never provisioned: nothing to do. */
export function notProvisionedSteps(): { match: MatchStep; action: ActionStep; graphResult: null } {
  return {
    match: {
      status: 'skipped',
      summary: 'Not needed: nothing was ever provisioned for this user in this sync.',
      by: 'not-needed',
      targetUserId: null,
      link: null,
    },
    action: {
      status: 'skipped',
      summary: 'none: xtsync never provisioned this user in this sync, so there is nothing to remove.',
      action: 'none',
      explanation: 'Nothing to remove.',
      changedAttributes: [],
      graphWrites: 0,
    },
    graphResult: null,
  };
}

/** The action step for the plan decided (failed when its execution failed). */
export function actionStep(plan: SyncPlan, failedToExecute: boolean): ActionStep {
  return {
    status: failedToExecute ? 'failure' : plan.action === 'none' ? 'skipped' : 'success',
    summary: `${plan.action}: ${plan.explanation}`,
    action: plan.action,
    explanation: plan.explanation,
    changedAttributes: plan.changedAttributes,
    graphWrites: plan.graphWrites,
  };
}

/**
 * The action and Graph-result steps of a removal the deletion guard held, or that an operator rejected before
 * (`vetoed`): nothing was written.
 */
export function heldSteps(
  plan: SyncPlan,
  guardId: string,
  why: 'held' | 'vetoed' = 'held',
): { action: ActionStep; graphResult: GraphResultStep } {
  const held = why === 'held';
  return {
    action: {
      ...actionStep(plan, false),
      status: 'skipped',
      summary: held
        ? `${plan.action}: held by deletion guard ${guardId}; ${plan.explanation}`
        : `${plan.action}: removal rejected by operator in guard ${guardId}; ${plan.explanation}`,
      graphWrites: 0,
    },
    graphResult: {
      status: 'skipped',
      summary: held
        ? `No Graph write: deletion guard ${guardId} holds this removal until an operator approves it.`
        : `No Graph write: an operator rejected this removal in deletion guard ${guardId}; the user stays.`,
      targetUserId: null,
      graphWrites: 0,
      error: null,
    },
  };
}

/** The Graph-result step after a successful apply. */
export function graphResultStep(plan: SyncPlan, targetUserId: string | null): GraphResultStep {
  const none = plan.graphWrites === 0;
  return {
    status: none ? 'skipped' : 'success',
    summary: none
      ? 'No Graph write was needed.'
      : `${plan.graphWrites} Graph write(s) succeeded${targetUserId ? ` on target user ${targetUserId}` : ''}.`,
    targetUserId,
    graphWrites: plan.graphWrites,
    error: null,
  };
}

/** The Graph-result step after a failed apply. */
export function failedGraphResultStep(error: StepError, targetUserId: string | null): GraphResultStep {
  return {
    status: 'failure',
    summary: `Failed with ${error.code}: ${error.message}`,
    targetUserId,
    graphWrites: 0,
    error,
  };
}

function describeMatch(match: TargetMatch, email: string): string {
  switch (match.kind) {
    case 'anchor':
      return `Found target user ${match.user.id} by the xtsync anchor.`;
    case 'mail':
      return `Found external user ${match.user.id} by the mail ${email}.`;
    case 'none':
      return `No target user carries the anchor or the mail ${email}.`;
  }
}
