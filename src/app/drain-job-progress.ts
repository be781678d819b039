/**
 * A full resync is a delta round that may span several drain runs (each reads at most `maxPagesPerRun`
 * pages and hands the rest of the round to a continuation drain that carries the same `jobId`). Each run
 * adds its counts to the job; the run that completes the round completes the job, and a drain of the job
 * that is given up (dead-lettered) fails it with the error's code.
 */
import type { JobRecord } from './control-ports.js';
import { failed, succeeded, toJobError, withProgress } from './job-records.js';
import { updateJob, type JobDeps } from './run-job.js';
import type { Settlement } from './settle-failed-message.js';

/** What one drain run did, as the drain returns it. */
export interface DrainRunReport {
  readonly pages: number;
  readonly usersSeen: number;
  readonly messagesPublished: number;
  readonly roundComplete: boolean;
}

/** Where a drain working for an admin job reports. Reporting never fails the drain: problems are logged. */
export interface DrainJobProgress {
  /** Adds one run's counts to the job and completes it when the run completed the round. */
  recordRun(jobId: string, run: DrainRunReport): Promise<void>;
  /** Records that a drain of the job failed: retried later (noted in the progress) or given up (job fails). */
  recordFailure(jobId: string, settlement: Settlement, error: unknown): Promise<void>;
}

/** The counts a resync job keeps in its `result`. */
interface ResyncCounts {
  readonly drains: number;
  readonly pages: number;
  readonly usersSeen: number;
  readonly messagesPublished: number;
}

const phase = 'reading source users';

/** Creates the {@link DrainJobProgress} over the job store. */
export function createDrainJobProgress(deps: JobDeps): DrainJobProgress {
  const report = async (jobId: string, what: string, change: Parameters<typeof updateJob>[1]) => {
    try {
      const job = await updateJob(jobId, change, deps);
      if (job === null) deps.logger.warn('A drain reported to an unknown job', { jobId });
    } catch (error) {
      // The drain's work is done either way; a job left without updates is reported failed once stale.
      deps.logger.warn(`Could not record ${what} of a job`, { jobId, code: toJobError(error).code });
    }
  };

  return {
    recordRun: (jobId, run) =>
      report(jobId, 'a drain run', (job, now) => {
        const counts = addRun(countsOf(job), run);
        return run.roundComplete
          ? succeeded(withProgress(job, now, progressOf(counts)), now, { ...counts, roundComplete: true })
          : withProgress(job, now, progressOf(counts), { ...counts });
      }),
    recordFailure: (jobId, settlement, error) =>
      report(jobId, 'a failed drain', (job, now) => {
        const { code, message } = toJobError(error);
        if (settlement.kind === 'dead-lettered') {
          return failed(job, now, {
            code,
            message: `The drain was given up (${settlement.reasonCode}): ${message}`,
          });
        }
        const retrying = `${phase}; retry ${settlement.attempt} after ${code} at ${settlement.at.toISOString()}`;
        return withProgress(job, now, { ...job.progress, phase: retrying });
      }),
  };
}

function countsOf(job: JobRecord): ResyncCounts {
  const number = (name: string): number => {
    const value = job.result?.[name];
    return typeof value === 'number' && Number.isFinite(value) ? value : 0;
  };
  return {
    drains: number('drains'),
    pages: number('pages'),
    usersSeen: number('usersSeen'),
    messagesPublished: number('messagesPublished'),
  };
}

function addRun(counts: ResyncCounts, run: DrainRunReport): ResyncCounts {
  return {
    drains: counts.drains + 1,
    pages: counts.pages + run.pages,
    usersSeen: counts.usersSeen + run.usersSeen,
    messagesPublished: counts.messagesPublished + run.messagesPublished,
  };
}

function progressOf(counts: ResyncCounts): JobRecord['progress'] {
  return { phase, done: counts.usersSeen, total: null };
}
