/**
 * Runs one doctor check in bounded time: a probe that throws or does not answer becomes a failed check that
 * says so, so one unreachable tenant or entity never stops, or hangs, the rest of the report.
 */
import { isSyncError } from '../core/sync-errors.js';
import type { DoctorCheck } from './doctor-report.js';

/** What a check is, before it runs. */
export type CheckHeader = Pick<DoctorCheck, 'id' | 'title' | 'scope'>;

/** What a check found. */
export type CheckOutcome = Pick<DoctorCheck, 'status' | 'detail' | 'fix'>;

/** The default time one check may take, probes and retries included. */
export const defaultCheckTimeoutMs = 10_000;

/**
 * Runs `work` for the check `header`. A throw or a timeout gives `fail` with the error's message (SyncError
 * messages never hold secrets; anything else is reduced to its name).
 */
export async function runCheck(
  header: CheckHeader,
  work: () => Promise<CheckOutcome>,
  timeoutMs: number = defaultCheckTimeoutMs,
): Promise<DoctorCheck> {
  try {
    return { ...header, ...(await withTimeout(work(), timeoutMs)) };
  } catch (error) {
    return {
      ...header,
      status: 'fail',
      detail: `The check could not run: ${describeError(error)}`,
      fix: 'Run the doctor again; if this keeps happening, the message above says which service did not answer.',
    };
  }
}

/**
 * Resolves like `promise`, or rejects with "no answer within N s" once `timeoutMs` has passed; the timer
 * never keeps the process alive.
 */
export async function withTimeout<T>(promise: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          reject(new CheckTimeoutError(`no answer within ${timeoutMs / 1000} s`));
        }, timeoutMs);
        timer.unref();
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** A one-line, secret-free description of a failure. */
export function describeError(error: unknown): string {
  if (isSyncError(error)) return `${error.code}: ${truncate(error.message)}`;
  if (error instanceof CheckTimeoutError) return error.message;
  return error instanceof Error ? `unexpected ${error.name}` : 'unexpected failure';
}

class CheckTimeoutError extends Error {
  override readonly name = 'CheckTimeoutError';
}

function truncate(text: string): string {
  return text.length > 500 ? `${text.slice(0, 500)}…` : text;
}
