/**
 * The admin job runner: long work (a reconcile run, a full resync) answers 202 with a job id at once and
 * records its progress in the JobStore, so `GET /api/jobs/{id}` can follow it from any instance.
 *
 * Work started in the background runs in the process that took the request (on Flex Consumption the host
 * keeps running after the response). A job that dies with its instance stops updating its record; the next
 * read after `staleAfterMs` reports it — and stores it — as failed (`JOB.STALE`), so no failure is lost.
 */
import { isSyncError } from '../core/sync-errors.js';
import type { JobRecord, JobStore } from './control-ports.js';
import {
  failed,
  isFinished,
  isStale,
  newJobRecord,
  staleJobError,
  succeeded,
  toJobError,
  withHeartbeat,
  withProgress,
  type NewJob,
} from './job-records.js';
import type { Clock, Logger } from './ports.js';

/** A running job without an update for this long is reported as failed. */
export const defaultJobStaleAfterMs = 15 * 60_000;

/** What the job runner needs. */
export interface JobDeps {
  readonly jobs: JobStore;
  readonly clock: Clock;
  readonly logger: Logger;
  /** See {@link defaultJobStaleAfterMs}; running work heartbeats every third of it. */
  readonly staleAfterMs?: number;
}

/** What {@link runJob} may do besides recording the job. */
export interface RunJobOptions {
  /**
   * Called with every heartbeat of the job (every third of the staleness timeout), so whatever the work
   * holds for as long as it lives — the leases of a reconcile job — lives exactly as long. Its failure is
   * logged and does not stop the work.
   */
  readonly onHeartbeat?: () => Promise<void>;
}

/** What work running as a job reports through. */
export interface JobReporter {
  readonly jobId: string;
  /** Records progress and, optionally, the counts so far (shown as the job's `result` while it runs). */
  progress(progress: JobRecord['progress'], counts?: Readonly<Record<string, unknown>>): Promise<void>;
}

/** The work of a job: resolves to the job's result summary, or throws to fail the job. */
export type JobWork = (reporter: JobReporter) => Promise<Readonly<Record<string, unknown>>>;

const maxSaveAttempts = 5;

/** Stores a new `queued` job and returns it. */
export async function createJob(input: NewJob, deps: JobDeps): Promise<JobRecord> {
  const job = newJobRecord(input, deps.clock.now());
  await deps.jobs.create(job);
  return job;
}

/**
 * Changes a stored job with `change` (read, change, conditional save; a lost race is retried). A finished
 * job is never changed, and `change` returning null leaves the record alone.
 *
 * @returns the job as stored afterwards, or null when there is no such job.
 * @throws SyncError when the store fails (or the race is lost five times in a row).
 */
export async function updateJob(
  id: string,
  change: (job: JobRecord, now: Date) => JobRecord | null,
  deps: Pick<JobDeps, 'jobs' | 'clock'>,
): Promise<JobRecord | null> {
  for (let attempt = 1; ; attempt += 1) {
    const stored = await deps.jobs.get(id);
    if (!stored) return null;
    const next = isFinished(stored.value) ? null : change(stored.value, deps.clock.now());
    if (next === null) return stored.value;
    try {
      await deps.jobs.save(next, stored.etag);
      return next;
    } catch (error) {
      if (!isSyncError(error, 'STATE.CONFLICT') || attempt >= maxSaveAttempts) throw error;
    }
  }
}

/**
 * Reads a job as operators should see it: an unfinished job without an update for `staleAfterMs` is
 * marked failed with `JOB.STALE` (stored, so a late update from a zombie cannot revive it).
 */
export async function readJob(id: string, deps: JobDeps): Promise<JobRecord | null> {
  const staleAfterMs = deps.staleAfterMs ?? defaultJobStaleAfterMs;
  const stored = await deps.jobs.get(id);
  if (!stored || !isStale(stored.value, deps.clock.now(), staleAfterMs)) return stored?.value ?? null;
  deps.logger.warn('Job reported as failed: no update within the staleness timeout', {
    jobId: id,
    status: stored.value.status,
  });
  return updateJob(
    id,
    (job, now) =>
      isStale(job, now, staleAfterMs) ? failed(job, now, staleJobError(job, staleAfterMs)) : null,
    deps,
  );
}

/**
 * Lists recent jobs (newest first) as operators should see them: like {@link readJob}, an unfinished job
 * without an update for `staleAfterMs` is reported — and stored — as failed with `JOB.STALE`, so a job
 * that died with its instance never shows as running in the list.
 *
 * @throws SyncError when the job store cannot be read or written.
 */
export async function listJobs(
  options: Parameters<JobStore['list']>[0],
  deps: JobDeps,
): Promise<readonly JobRecord[]> {
  const staleAfterMs = deps.staleAfterMs ?? defaultJobStaleAfterMs;
  const jobs = await deps.jobs.list(options);
  const now = deps.clock.now();
  return Promise.all(
    jobs.map(async (job) => (isStale(job, now, staleAfterMs) ? ((await readJob(job.id, deps)) ?? job) : job)),
  );
}

/**
 * Runs `work` as the stored job `job`: marks it running, heartbeats while the work runs, and records the
 * outcome — the result on success, the error's code and message on failure. It never throws for the
 * work's failure; it throws only when the job cannot be recorded at all.
 */
export async function runJob(
  job: JobRecord,
  work: JobWork,
  deps: JobDeps,
  options: RunJobOptions = {},
): Promise<JobRecord> {
  const logger = deps.logger.child({ jobId: job.id, jobKind: job.kind });
  await updateJob(
    job.id,
    (current, now) => withProgress(current, now, { ...current.progress, phase: 'starting' }),
    deps,
  );
  const heartbeatMs = (deps.staleAfterMs ?? defaultJobStaleAfterMs) / 3;
  const heartbeat = setInterval(() => {
    updateJob(job.id, withHeartbeat, deps).catch((error: unknown) => {
      logger.warn('Job heartbeat failed', { code: toJobError(error).code });
    });
    options.onHeartbeat?.().catch((error: unknown) => {
      logger.warn('Job heartbeat hook failed', { code: toJobError(error).code });
    });
  }, heartbeatMs);
  heartbeat.unref();
  const reporter: JobReporter = {
    jobId: job.id,
    progress: async (progress, counts) => {
      await updateJob(job.id, (current, now) => withProgress(current, now, progress, counts), deps);
    },
  };
  let outcome: (current: JobRecord, now: Date) => JobRecord;
  try {
    const result = await work(reporter);
    outcome = (current, now) => succeeded(current, now, result);
    logger.info('Job succeeded');
  } catch (error) {
    const jobError = toJobError(error);
    outcome = (current, now) => failed(current, now, jobError);
    logger.error('Job failed', { code: jobError.code });
  } finally {
    clearInterval(heartbeat);
  }
  return (await updateJob(job.id, outcome, deps)) ?? job;
}

/**
 * Creates a job and runs `work` in the background of this process; resolves with the queued record as soon
 * as it is stored (the caller answers 202 with its id). A failure to record the outcome is logged, and the
 * job is then reported as failed once stale.
 */
export async function startJob(input: NewJob, work: JobWork, deps: JobDeps): Promise<JobRecord> {
  const job = await createJob(input, deps);
  runJob(job, work, deps).catch((error: unknown) => {
    deps.logger.error('Could not record the outcome of a job', {
      jobId: job.id,
      code: toJobError(error).code,
    });
  });
  return job;
}
