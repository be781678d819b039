/**
 * The on-demand report's Source-read and Scope steps, described from what the pipeline's own building blocks
 * found: the source read and the core decision with the loop-prevention and scope verdicts behind it
 * (on-demand-apply-steps.ts describes the apply side). Nothing here decides anything.
 */
import type { SourceChangeDecision } from '../core/decide-source-change.js';
import { isInternalMember } from '../core/loop-prevention.js';
import { evaluateScope } from '../core/scope.js';
import type { TopologySync } from '../core/topology/topology.js';
import type { UserAttributes } from '../core/user-attributes.js';
import type { DecidedBy, ScopeStep, SourceReadStep, StepError } from './on-demand-report.js';

/** The source-read step for a user found (with its attributes) or missing (with what was last mirrored). */
export function sourceReadStep(
  found: UserAttributes | null,
  mirrored: UserAttributes | null,
  select: readonly string[],
): SourceReadStep {
  if (found !== null) {
    const name = typeof found.displayName === 'string' ? found.displayName : 'the user';
    return {
      status: 'success',
      summary: `Read ${name} with ${select.length} selected attribute(s).`,
      found: true,
      attributes: found,
      select,
      error: null,
    };
  }
  return {
    status: 'success',
    summary:
      mirrored === null
        ? 'The source user does not exist, and xtsync never saw it: handled as a removal.'
        : 'The source user no longer exists (deleted): handled as a removal; attributes shown as last mirrored.',
    found: false,
    attributes: mirrored,
    select,
    error: null,
  };
}

/** The source-read step when Graph failed. */
export function failedSourceReadStep(select: readonly string[], error: StepError): SourceReadStep {
  return {
    status: 'failure',
    summary: `Could not read the source user: ${error.code}.`,
    found: false,
    attributes: null,
    select,
    error,
  };
}

/** The scope step: the core decision, which rule made it, and the verdicts behind it. */
export function scopeStep(
  found: boolean,
  attributes: UserAttributes,
  sync: TopologySync,
  anchorAttribute: string,
  decision: SourceChangeDecision,
): ScopeStep {
  const member = found ? isInternalMember(attributes, anchorAttribute) : null;
  const filters = found ? evaluateScope(attributes, sync.scope) : null;
  return {
    status: 'success',
    summary: decision.explanation,
    decision: decision.kind,
    removalReason: decision.kind === 'remove' ? decision.reason : null,
    decidedBy: decidedBy(decision, member?.internal ?? true),
    loopPrevention:
      member === null
        ? null
        : member.internal
          ? { internal: true, reason: null, explanation: 'An internal member of the source tenant.' }
          : { internal: false, reason: member.reason, explanation: member.explanation },
    filters:
      filters === null
        ? null
        : {
            inScope: filters.inScope,
            filter: filters.decidedBy.filter ?? null,
            clause: filters.decidedBy.clause ?? null,
            explanation: filters.explanation,
          },
    error: null,
  };
}

/** The scope step when the decision itself failed (an in-scope user without mail or UPN). */
export function failedScopeStep(error: StepError): ScopeStep {
  return {
    status: 'failure',
    summary: error.message,
    decision: null,
    removalReason: null,
    decidedBy: null,
    loopPrevention: null,
    filters: null,
    error,
  };
}

function decidedBy(decision: SourceChangeDecision, internal: boolean): DecidedBy {
  if (decision.kind === 'upsert') return 'scope-filters';
  switch (decision.reason) {
    case 'deleted':
    case 'hard-deleted':
      return 'source-state';
    case 'disabled':
      return 'account-disabled';
    case 'out-of-scope':
      return internal ? 'scope-filters' : 'loop-prevention';
  }
}
