/**
 * How an admin job's record moves through its life — queued → running → succeeded | failed — as pure
 * functions of the record and the time, so the in-process runner (run-job.ts) and the drain that works for
 * a full resync (drain-job-progress.ts) change records the same way. A finished record never changes again.
 */
import { randomUUID } from 'node:crypto';
import { isSyncError } from '../core/sync-errors.js';
import type { JobKind, JobRecord } from './control-ports.js';

/** What a caller says about a job it wants to start. */
export interface NewJob {
  readonly kind: JobKind;
  readonly scope: JobRecord['scope'];
  /** Who asked: `admin-api:<invocation id>`, `timer`, … (never a key or a token). */
  readonly requestedBy: string;
}

/** The error a job records: a stable code and a message for the operator. */
export interface JobError {
  readonly code: string;
  readonly message: string;
}

/** Longest error message a job keeps (the provisioning log keeps as much). */
const maxErrorMessage = 1000;

/** True once the job succeeded or failed: its record is final. */
export function isFinished(job: JobRecord): boolean {
  return job.status === 'succeeded' || job.status === 'failed';
}

/** A new `queued` job with a random id, created at `now`. */
export function newJobRecord(input: NewJob, now: Date): JobRecord {
  const at = now.toISOString();
  return {
    id: randomUUID(),
    kind: input.kind,
    status: 'queued',
    scope: input.scope,
    requestedBy: input.requestedBy,
    createdAt: at,
    startedAt: null,
    finishedAt: null,
    updatedAt: at,
    progress: { phase: 'queued', done: 0, total: null },
    result: null,
    error: null,
  };
}

/** The job with new progress (and the counts so far, when given), marked `running` since its first report. */
export function withProgress(
  job: JobRecord,
  now: Date,
  progress: JobRecord['progress'],
  counts?: Readonly<Record<string, unknown>>,
): JobRecord {
  const at = now.toISOString();
  return {
    ...job,
    status: 'running',
    startedAt: job.startedAt ?? at,
    updatedAt: at,
    progress,
    ...(counts === undefined ? {} : { result: counts }),
  };
}

/** The job touched at `now` without other change: proof that its instance is alive. */
export function withHeartbeat(job: JobRecord, now: Date): JobRecord {
  return { ...job, updatedAt: now.toISOString() };
}

/** The job ended well with `result`; progress shows the final phase `done`. */
export function succeeded(job: JobRecord, now: Date, result: Readonly<Record<string, unknown>>): JobRecord {
  const at = now.toISOString();
  return {
    ...job,
    status: 'succeeded',
    startedAt: job.startedAt ?? at,
    finishedAt: at,
    updatedAt: at,
    progress: { ...job.progress, phase: 'done' },
    result,
    error: null,
  };
}

/** The job ended with `error`; the counts it had reached stay in `result`. */
export function failed(job: JobRecord, now: Date, error: JobError): JobRecord {
  const at = now.toISOString();
  return {
    ...job,
    status: 'failed',
    finishedAt: at,
    updatedAt: at,
    progress: { ...job.progress, phase: 'failed' },
    error: { code: error.code, message: error.message.slice(0, maxErrorMessage) },
  };
}

/** The code and message a job records for a thrown error (SyncError codes as they are, `UNEXPECTED` else). */
export function toJobError(error: unknown): JobError {
  if (isSyncError(error)) return { code: error.code, message: error.message };
  return {
    code: 'UNEXPECTED',
    message: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
  };
}

/**
 * True when an unfinished job has not been updated for `staleAfterMs`: its instance stopped (a running job
 * updates its record at least every third of that time), or its work never started.
 */
export function isStale(job: JobRecord, now: Date, staleAfterMs: number): boolean {
  return !isFinished(job) && now.getTime() - Date.parse(job.updatedAt) > staleAfterMs;
}

/** The failure a stale job is reported with. */
export function staleJobError(job: JobRecord, staleAfterMs: number): JobError {
  const minutes = Math.round(staleAfterMs / 60_000);
  return {
    code: 'JOB.STALE',
    message:
      `The job was ${job.status} without any update for more than ${minutes} minute(s) (last at ` +
      `${job.updatedAt}): the instance running it stopped. Start it again.`,
  };
}
