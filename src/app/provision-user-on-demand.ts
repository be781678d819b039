/**
 * Provisions one source user of one sync now, through the pipeline's own steps: read the user from the
 * source (the drain's `$select`), fold it into the mirror with the drain's rules (`observeSourceUser`, so
 * a later notification finds nothing new to publish), and apply the resulting change with the apply step
 * (`applyTargetChange`: link, match, plan, Graph, link save, provisioning log). The change asks the apply
 * step to check the linked target user, so a user removed or edited by hand in the target is repaired.
 */
import { decideSourceChange, type SourceChangeDecision } from '../core/decide-source-change.js';
import { isSyncError } from '../core/sync-errors.js';
import type { TopologySync } from '../core/topology/topology.js';
import type { DirectoryUser } from '../core/user-attributes.js';
import type { ApplyOutcome } from './apply-target-change.js';
import type { ApplyTrace } from './apply-trace.js';
import { toJobError } from './job-records.js';
import type { TargetChange } from './messages.js';
import { observeSourceUser, type ObserveContext } from './observe-source-user.js';
import type { OnDemandReport } from './on-demand-report.js';
import {
  actionStep,
  failedGraphResultStep,
  graphResultStep,
  heldSteps,
  matchStep,
  notProvisionedSteps,
} from './on-demand-apply-steps.js';
import { failedScopeStep, failedSourceReadStep, scopeStep, sourceReadStep } from './on-demand-steps.js';
import type {
  Clock,
  CursorStore,
  DeltaUserChange,
  DirectoryProvider,
  Logger,
  MirroredUser,
  SourceMirror,
  Stored,
} from './ports.js';

/** What provisioning one user on demand needs. */
export interface UserOnDemandDeps {
  readonly directories: DirectoryProvider;
  readonly mirror: SourceMirror;
  readonly cursors: CursorStore;
  /** The apply step as the pipeline runs it (with whatever rails the composition root adds). */
  readonly applyChange: (change: TargetChange, trace: ApplyTrace) => Promise<ApplyOutcome>;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly anchorAttribute: string;
}

/** One user's run: which sync, the `$select` of the sync's source tenant, and the call's correlation id. */
export interface UserOnDemandInput {
  readonly sync: TopologySync;
  readonly select: readonly string[];
  readonly sourceUserId: string;
  readonly correlationId: string;
}

const maxMirrorAttempts = 3;

/**
 * Provisions one user and reports every step. Failures of Graph or state are reported in the step where
 * they happened, not thrown, so one bad user does not hide the others' reports.
 */
export async function provisionUserOnDemand(
  input: UserOnDemandInput,
  deps: UserOnDemandDeps,
): Promise<OnDemandReport> {
  const { sync, select, sourceUserId } = input;
  const base = {
    syncId: sync.id,
    sourceTenantId: sync.fromTenantId,
    targetTenantId: sync.toTenantId,
    sourceUserId,
  };
  const steps = { scope: null, match: null, action: null, graphResult: null };
  let read: DirectoryUser | null;
  let stored: Stored<MirroredUser> | null;
  let context: ObserveContext;
  try {
    read = await deps.directories.forTenant(sync.fromTenantId).getUser(sourceUserId, select);
    stored = await deps.mirror.get(sync.fromTenantId, sourceUserId);
    context = await observeContext(input, deps);
  } catch (error) {
    const sourceRead = failedSourceReadStep(select, toJobError(error));
    return { ...base, outcome: 'failure', steps: { ...steps, sourceRead }, warnings: [] };
  }
  const mirrored = stored?.value.attributes ?? null;
  const sourceRead = sourceReadStep(read?.attributes ?? null, mirrored, select);
  const attributes = read?.attributes ?? mirrored ?? {};

  let decision: SourceChangeDecision;
  try {
    decision = decideSourceChange({
      user: { attributes, state: read ? 'present' : 'soft-deleted' },
      sync,
      anchorAttribute: deps.anchorAttribute,
    });
  } catch (error) {
    if (!isSyncError(error, 'MESSAGE.INVALID')) throw error;
    const scope = failedScopeStep(toJobError(error));
    return { ...base, outcome: 'failure', steps: { ...steps, sourceRead, scope }, warnings: [] };
  }
  const scope = scopeStep(read !== null, attributes, sync, deps.anchorAttribute, decision);

  const delta: DeltaUserChange = read
    ? { kind: 'present', user: read }
    : { kind: 'removed', id: sourceUserId, reason: 'changed' };
  const observed = observeSourceUser(delta, stored, context);
  const change = observed.messages.find((message) => message.syncId === sync.id);
  const warnings: string[] = [];
  if (change === undefined) {
    // A removal of a user this sync never provisioned: nothing to do in the target.
    await saveMirror(delta, stored, context, deps, warnings);
    return { ...base, outcome: 'skipped', steps: { sourceRead, scope, ...notProvisionedSteps() }, warnings };
  }

  const trace: ApplyTrace = {};
  try {
    const outcome = await deps.applyChange(change, trace);
    // Like the drain: the mirror records what was published only once the change is safely applied.
    await saveMirror(delta, stored, context, deps, warnings);
    const { action, graphResult } =
      outcome.heldBy !== undefined
        ? heldSteps(outcome.plan, outcome.heldBy)
        : outcome.vetoedBy !== undefined
          ? heldSteps(outcome.plan, outcome.vetoedBy, 'vetoed')
          : {
              action: actionStep(outcome.plan, false),
              graphResult: graphResultStep(outcome.plan, outcome.link?.targetUserId ?? null),
            };
    return {
      ...base,
      outcome: action.status,
      steps: { sourceRead, scope, match: matchStep(trace, change, false), action, graphResult },
      warnings,
    };
  } catch (error) {
    const failure = toJobError(error);
    deps.logger.warn('On-demand provisioning failed', { syncId: sync.id, sourceUserId, code: failure.code });
    const targetUserId = trace.link?.targetUserId ?? null;
    return {
      ...base,
      outcome: 'failure',
      steps: {
        sourceRead,
        scope,
        match: matchStep(trace, change, true),
        action: trace.plan ? actionStep(trace.plan, true) : null,
        graphResult: failedGraphResultStep(failure, targetUserId),
      },
      warnings,
    };
  }
}

async function observeContext(input: UserOnDemandInput, deps: UserOnDemandDeps): Promise<ObserveContext> {
  // Mark the user seen in the round in progress, so a full round's sweep never takes it for vanished.
  const cursor = await deps.cursors.get(input.sync.fromTenantId);
  return {
    sourceTenantId: input.sync.fromTenantId,
    syncs: [input.sync],
    anchorAttribute: deps.anchorAttribute,
    roundId: cursor?.value.roundId ?? 'on-demand',
    roundIsFull: false,
    correlationId: input.correlationId,
    now: deps.clock.now(),
    logger: deps.logger,
    resetSyncIds: new Set([input.sync.id]),
    verifyTargets: true,
  };
}

/** Saves the mirror entry; a lost race with a drain is re-read and folded again. Problems become warnings. */
async function saveMirror(
  delta: DeltaUserChange,
  stored: Stored<MirroredUser> | null,
  context: ObserveContext,
  deps: UserOnDemandDeps,
  warnings: string[],
): Promise<void> {
  let current = stored;
  for (let attempt = 1; attempt <= maxMirrorAttempts; attempt += 1) {
    const { mirror, etag } = observeSourceUser(delta, current, context);
    if (mirror === null) return;
    try {
      await deps.mirror.save(mirror, etag);
      return;
    } catch (error) {
      if (!isSyncError(error, 'STATE.CONFLICT') || attempt === maxMirrorAttempts) {
        deps.logger.warn('Could not update the source mirror after an on-demand run', {
          sourceUserId: delta.kind === 'present' ? delta.user.id : delta.id,
          code: toJobError(error).code,
        });
        warnings.push(
          `The source mirror was not updated (${toJobError(error).code}); the next notification re-checks ` +
            'this user, at no Graph cost when nothing changed.',
        );
        return;
      }
      current = await deps.mirror.get(context.sourceTenantId, mirror.userId);
    }
  }
}
