/**
 * `POST /api/reconcile` as a job: the leases of every sync in scope are claimed for the new job before it
 * is stored, so a request that would interleave with a running reconcile is refused at once with the
 * running job's id (409) instead of queuing a job that could only skip; then the run goes on in the
 * background of this process (run-job.ts) and reports progress and its result in the job record.
 */
import type { JobRecord, JobStore } from './control-ports.js';
import { newJobRecord } from './job-records.js';
import { createJob, runJob, type JobDeps } from './run-job.js';
import { acquireLease, type HeldLease } from './reconcile-lease.js';
import { resolveReconcileScope, runReconcile, type ReconcileRunDeps } from './reconcile-run.js';

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
  const claimed: HeldLease[] = [];
  for (const sync of syncs) {
    const attempt = await acquireLease(`sync:${sync.id}`, job.id, { store: deps.leases, clock: deps.clock });
    if (attempt.kind === 'held') {
      await Promise.all(claimed.map((lease) => lease.release()));
      return { kind: 'busy', syncId: sync.id, runningJobId: attempt.holder };
    }
    claimed.push(attempt.lease);
  }
  const jobDeps = jobDepsOf(deps);
  try {
    await deps.jobs.create(job);
  } catch (error) {
    await Promise.all(claimed.map((lease) => lease.release()));
    throw error;
  }
  // The run takes each claimed lease over as it reaches the sync (same holder: the job id) and releases it.
  runJob(
    job,
    (reporter) =>
      runReconcile({ ...request, runId: job.id }, deps, (progress, partial) =>
        reporter.progress(progress, partial),
      ),
    jobDeps,
  )
    // A sync the run never reached (it failed early) must not stay blocked until the lease expires; leases
    // the run took over have newer versions, so giving back these claims leaves them alone.
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
 * @returns the finished job; its `result` is the run's report.
 * @throws SyncError when the job cannot be recorded at all.
 */
export async function runReconcileJob(requestedBy: string, deps: StartReconcileDeps): Promise<JobRecord> {
  const jobDeps = jobDepsOf(deps);
  const job = await createJob({ kind: 'reconcile', scope: {}, requestedBy }, jobDeps);
  return runJob(
    job,
    (reporter) =>
      runReconcile({ runId: job.id }, deps, (progress, partial) => reporter.progress(progress, partial)),
    jobDeps,
  );
}

function jobDepsOf(deps: StartReconcileDeps): JobDeps {
  return {
    jobs: deps.jobs,
    clock: deps.clock,
    logger: deps.logger,
    ...(deps.jobStaleAfterMs === undefined ? {} : { staleAfterMs: deps.jobStaleAfterMs }),
  };
}
