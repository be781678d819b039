/**
 * One lifecycle step of one demo user: make the change in the source tenant, then wait in every target at
 * once until it shows the expected state, recording a timed result per sync. A target that does not
 * converge is not followed any further, so one failure is reported once rather than four times.
 */
import type { TopologySync } from '../../core/topology/topology.js';
import type { DemoRun, TrackedTarget, TrackedUser } from './demo-run.js';
import type { DemoStep, DemoStepResult } from './demo-timeline.js';
import { formatSeconds } from './format-timeline.js';
import { expectTarget, observeTarget } from './target-expectation.js';
import { waitUntilConverged } from './wait-until-converged.js';

/** Options of {@link driveStep}. */
export interface DriveStepOptions {
  /** A reason to skip the step in a sync (e.g. the change is invisible there); null to drive it. */
  readonly skipReason?: (sync: TopologySync) => string | null;
}

/**
 * Runs `change` in the source (it may set `user.sourceUserId` and `user.attributes`), then waits for each
 * followed target. A change that throws fails the step in every followed target.
 */
export async function driveStep(
  run: DemoRun,
  user: TrackedUser,
  step: DemoStep,
  change: () => Promise<void>,
  options: DriveStepOptions = {},
): Promise<void> {
  const { settings } = run;
  const followed = user.targets.filter((target) => target.blockedBy === null);
  for (const target of user.targets) {
    if (target.blockedBy !== null)
      run.record(resultFor(run, user, target, step, 'skipped', target.blockedBy));
  }
  if (followed.length === 0) return;

  try {
    await change();
  } catch (error) {
    const reason = `the ${step} change in ${user.source.key} failed: ${messageOf(error)}`;
    run.fail(`${step} ${user.source.key} (${user.userPrincipalName}): ${reason}`);
    for (const target of followed) {
      target.blockedBy = `${step} failed`;
      run.record(resultFor(run, user, target, step, 'error', reason));
    }
    return;
  }
  const startedAtMs = settings.now();
  const { sourceUserId, attributes } = user;
  if (sourceUserId === null || attributes === null) throw new Error(`${step}: the source user is unknown.`);

  await Promise.all(
    followed.map(async (target) => {
      const skip = options.skipReason?.(target.sync) ?? null;
      if (skip !== null) {
        run.record(resultFor(run, user, target, step, 'skipped', skip, startedAtMs));
        return;
      }
      const anchor = run.anchorIn(target.sync.to, user.source.tenantId, sourceUserId);
      const expectation = expectTarget(step, target.sync, attributes, anchor);
      const directory = run.directoryOf(target.sync.to);
      const outcome = await waitUntilConverged(
        () => observeTarget(directory, expectation, anchor, target.targetUserId),
        { startedAtMs, timeoutMs: settings.timeoutMs, pollMs: settings.pollMs, now: settings.now },
      );
      if (outcome.converged) {
        target.targetUserId = outcome.targetUserId;
        run.record({
          ...resultFor(run, user, target, step, 'ok', convergedDetail(step, expectation.kind), startedAtMs),
          latencyMs: outcome.latencyMs,
        });
        return;
      }
      target.blockedBy = `${step} did not converge`;
      const within = formatSeconds(settings.timeoutMs);
      run.fail(
        `${step} ${target.sync.from} → ${target.sync.to} (${target.sync.id}, ${user.userPrincipalName}) did not converge within ${within}: ${outcome.detail}`,
      );
      run.record(resultFor(run, user, target, step, 'timeout', outcome.detail, startedAtMs));
    }),
  );
}

function resultFor(
  run: DemoRun,
  user: TrackedUser,
  target: TrackedTarget,
  step: DemoStep,
  outcome: DemoStepResult['outcome'],
  detail: string,
  startedAtMs = run.settings.now(),
): DemoStepResult {
  return {
    step,
    syncId: target.sync.id,
    from: target.sync.from,
    to: target.sync.to,
    sourceUserId: user.sourceUserId,
    targetUserId: target.targetUserId,
    outcome,
    latencyMs: null,
    startedAt: new Date(startedAtMs).toISOString(),
    detail,
  };
}

function convergedDetail(step: DemoStep, kind: 'present' | 'deleted'): string {
  switch (step) {
    case 'joiner':
      return 'external member created with the anchor and the mapped attributes';
    case 'mover':
      return 'changed attribute shown in the target';
    case 'leaver':
      return kind === 'deleted'
        ? 'target user soft-deleted (removal: delete)'
        : 'target user disabled and hidden from the address list';
    case 'return':
      return 'target user enabled and visible again';
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
