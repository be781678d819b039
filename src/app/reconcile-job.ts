/**
 * `POST /api/reconcile` as a job: the leases of every sync in scope are claimed for the new job before it
 * is stored, so a request that would interleave with a running reconcile is refused at once with the
 * running job's id (409) instead of queuing a job that could only skip; then the run goes on in the
 * background of this process (run-job.ts) and reports progress and its result in the job record. The
 * claims live as long as the job: every job heartbeat renews those the run has not reached yet. The record
 * keeps a bounded summary of the run (reconcile-run-summary.ts), so any topology's report fits it.
 */
import type { JobRecord, JobStore } from './control-ports.js';
import { newJobRecord } from './job-records.js';
import { createJob, runJob, type JobDeps } from './run-job.js';
import { isSyncError } from '../core/sync-errors.js';
import { acquireLease, type HeldLease } from './reconcile-lease.js';
import { resolveReconcileScope, runReconcile, type ReconcileRunDeps } from './reconcile-run.js';
import { summarizeRun } from './reconcile-run-summary.js';

/** What starting a reconcile job needs. */
export interface StartReconcileDeps extends ReconcileRunDeps {
  readonly jobs: JobStore;
  /** See run-job.ts. */
  readonly jobStaleAfterMs?: number;
}

/** The answer to a request: the job started, or the sync that another run is reconciling right now. */
export type StartReconcileOutcome =
  | { readonly kind: 'started'; readonly job: JobRecord }
  | { readonly kind: 'busy'; readonly syncId: string; readonly runningJobId: string }
  | { readonly kind: 'unknown-sync'; readonly syncId: string }
  | { readonly kind: 'no-topology' };

/**
 * Starts a reconcile job for one sync (`syncId`) or every sync.
 *
 * @throws SyncError when the state tables cannot be read or written.
 */
export async function startReconcileJob(
  request: { readonly syncId?: string },
  requestedBy: string,
  deps: StartReconcileDeps,
): Promise<StartReconcileOutcome> {
  const scope = await resolveReconcileScope(request.syncId, deps.topology);
  if (scope.kind !== 'syncs') return scope;
  const { syncs } = scope;
  const job = newJobRecord(
    {
      kind: 'reconcile',
      scope: request.syncId === undefined ? {} : { syncId: request.syncId },
      requestedBy,
    },
    deps.clock.now(),
  );
  const bySync = new Map<string, HeldLease>();
  const claimed: HeldLease[] = [];
  for (const sync of syncs) {
    const attempt = await acquireLease(`sync:${sync.id}`, job.id, { store: deps.leases, clock: deps.clock });
    if (attempt.kind === 'held') {
      await Promise.all(claimed.map((lease) => lease.release()));
      return { kind: 'busy', syncId: sync.id, runningJobId: attempt.holder };
    }
    claimed.push(attempt.lease);
    bySync.set(sync.id, attempt.lease);
  }
  const jobDeps = jobDepsOf(deps);
  try {
    await deps.jobs.create(job);
  } catch (error) {
    await Promise.all(claimed.map((lease) => lease.release()));
    throw error;
  }
  // The run works on each sync under its claimed lease and releases it when done with the sync.
  runJob(
    job,
    async (reporter) =>
      summarizeRun(
        await runReconcile({ ...request, runId: job.id, claimed: bySync }, deps, (progress, partial) =>
          reporter.progress(progress, summarizeRun(partial)),
        ),
      ),
    jobDeps,
    { onHeartbeat: () => renewClaims(claimed, deps) },
  )
    // A sync the run never reached (it failed early) must not stay blocked until the lease expires; giving
    // back a claim the run already released does nothing.
    .finally(() => Promise.all(claimed.map((lease) => lease.release())))
    .catch((error: unknown) => {
      deps.logger.error('Could not record the outcome of a reconcile job', {
        jobId: job.id,
        error: error instanceof Error ? error.message : String(error),
      });
    });
  return { kind: 'started', job };
}

/**
 * Reconciles every sync now, in the foreground, recorded as a job like `POST /api/reconcile` (so status and
 * `GET /api/jobs` show timer runs too). Syncs another run holds are reported busy, not waited for.
 *
 * @returns the finished job; its `result` is the run's summary (reconcile-run-summary.ts).
 * @throws SyncError when the job cannot be recorded at all.
 */
export async function runReconcileJob(requestedBy: string, deps: StartReconcileDeps): Promise<JobRecord> {
  const jobDeps = jobDepsOf(deps);
  const job = await createJob({ kind: 'reconcile', scope: {}, requestedBy }, jobDeps);
  return runJob(
    job,
    async (reporter) =>
      summarizeRun(
        await runReconcile({ runId: job.id }, deps, (progress, partial) =>
          reporter.progress(progress, summarizeRun(partial)),
        ),
      ),
    jobDeps,
  );
}

/** Renews the claims the run has not released yet; a claim lost meanwhile is the run's to find out. */
async function renewClaims(claimed: readonly HeldLease[], deps: StartReconcileDeps): Promise<void> {
  for (const lease of claimed) {
    try {
      await lease.renew();
    } catch (error) {
      // Released by the run meanwhile: nothing to keep alive.
      if (lease.released) continue;
      if (!isSyncError(error, 'STATE.CONFLICT')) throw error;
      deps.logger.warn('A claimed reconcile lease was lost before the run reached its sync', {
        lease: lease.name,
      });
    }
  }
}

function jobDepsOf(deps: StartReconcileDeps): JobDeps {
  return {
    jobs: deps.jobs,
    clock: deps.clock,
    logger: deps.logger,
    ...(deps.jobStaleAfterMs === undefined ? {} : { staleAfterMs: deps.jobStaleAfterMs }),
  };
}
