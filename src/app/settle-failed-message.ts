/**
 * What happens to a message whose processing failed: a retryable failure is retried later (a copy is
 * scheduled at the time Graph asked for, or with exponential back-off), anything else — or a retryable one
 * past the attempt limit — is parked as a dead letter with its reason code. Nothing is completed silently.
 */
import { isSyncError } from '../core/sync-errors.js';
import type { Clock, DeadLetterStore, Logger } from './ports.js';

/** Retry limits for one kind of message. */
export interface RetryPolicy {
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

/** Attempts allowed for messages failing only because Graph throttles (with Retry-After, that is hours). */
export const throttledAttemptLimit = 60;

export const defaultRetryPolicy: RetryPolicy = {
  maxAttempts: 12,
  baseDelayMs: 1_000,
  maxDelayMs: 5 * 60_000,
};

export type Settlement =
  | { readonly kind: 'rescheduled'; readonly attempt: number; readonly at: Date }
  | { readonly kind: 'dead-lettered'; readonly reasonCode: string };

export interface SettleFailureInput {
  readonly error: unknown;
  /** The attempt that failed (0 for the first delivery). */
  readonly attempt: number;
  /** Dead-letter scope: the sync id for target changes, `source-changes` for drains. */
  readonly scope: string;
  readonly messageId: string;
  readonly body: unknown;
  /** Schedules a copy of the message with `attempt` at `at`. */
  readonly reschedule: (attempt: number, at: Date) => Promise<void>;
}

export interface SettleFailureDeps {
  readonly deadLetters: DeadLetterStore;
  readonly clock: Clock;
  readonly logger: Logger;
}

/**
 * Reschedules or dead-letters a failed message.
 *
 * @throws when neither the copy nor the dead letter can be written; the entry point then lets the broker
 *   redeliver the original (and its max delivery count is the last safety net).
 */
export async function settleFailedMessage(
  input: SettleFailureInput,
  deps: SettleFailureDeps,
  policy: RetryPolicy = defaultRetryPolicy,
): Promise<Settlement> {
  const { error } = input;
  const code = isSyncError(error) ? error.code : 'UNEXPECTED';
  // Unknown failures are most likely transient (a socket reset inside an SDK): retry them, but bounded.
  const retryable = isSyncError(error) ? error.retryable : true;
  const nextAttempt = input.attempt + 1;

  // Throttling is Graph pacing us, not failing: it gets a far larger budget than other retryable errors.
  const attemptLimit = isSyncError(error, 'GRAPH.THROTTLED')
    ? Math.max(policy.maxAttempts, throttledAttemptLimit)
    : policy.maxAttempts;
  if (retryable && nextAttempt < attemptLimit) {
    const delayMs = retryDelayMs(error, input.attempt, policy);
    const at = new Date(deps.clock.now().getTime() + delayMs);
    await input.reschedule(nextAttempt, at);
    deps.logger.warn('Message failed; retry scheduled', {
      messageId: input.messageId,
      code,
      attempt: nextAttempt,
      delayMs,
    });
    return { kind: 'rescheduled', attempt: nextAttempt, at };
  }

  const reasonCode = retryable ? 'RETRIES_EXHAUSTED' : code;
  await deps.deadLetters.put({
    id: input.messageId,
    scope: input.scope,
    body: input.body,
    reasonCode,
    description: describe(error),
    at: deps.clock.now().toISOString(),
  });
  deps.logger.error('Message dead-lettered', {
    messageId: input.messageId,
    scope: input.scope,
    reasonCode,
    code,
  });
  return { kind: 'dead-lettered', reasonCode };
}

/** Delay before the next attempt: Graph's Retry-After when given, else exponential back-off with jitter. */
export function retryDelayMs(error: unknown, attempt: number, policy: RetryPolicy): number {
  if (isSyncError(error) && error.retryAfterMs !== undefined) {
    // Spread the retries of messages throttled together over a fifth of the wait, so they do not all hit
    // the quota again in the same instant.
    const spread = 1 + Math.random() * 0.2;
    return Math.min(Math.round(Math.max(error.retryAfterMs, 0) * spread), policy.maxDelayMs);
  }
  const exponential = policy.baseDelayMs * 2 ** Math.min(attempt, 20);
  const jitter = 0.8 + Math.random() * 0.4;
  return Math.min(Math.round(exponential * jitter), policy.maxDelayMs);
}

function describe(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`.slice(0, 2000);
  return String(error).slice(0, 2000);
}
