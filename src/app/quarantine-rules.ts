/**
 * The quarantine rules, as plain functions: which failures say a sync is broken, when enough of them
 * quarantine it, and how the back-off between probes grows (CTS backs off the same way, cts-benchmark §1.9).
 */
import { isSyncError, type SyncErrorCode } from '../core/sync-errors.js';

/** When a sync is quarantined and how it is probed back to health. */
export interface QuarantinePolicy {
  /** No quarantine before this many attempts in the window (setting `XTSYNC_QUARANTINE_MIN_ATTEMPTS`). */
  readonly minAttempts: number;
  /** Quarantine when failures exceed this share of the attempts (0.4: more than 40 %). */
  readonly failureRatio: number;
  /** The rolling window attempts and failures are counted in. */
  readonly windowMs: number;
  /** The first back-off; each failed probe doubles it. */
  readonly baseBackoffMs: number;
  readonly maxBackoffMs: number;
  /** A probe not reported within this time (its instance died) is handed to the next unit of work. */
  readonly probeTimeoutMs: number;
}

/** 20 attempts, 40 %, 15 minutes; back-off 1 min, 2, 4 … capped at 6 h; probes time out after 5 min. */
export const defaultQuarantinePolicy: QuarantinePolicy = {
  minAttempts: 20,
  failureRatio: 0.4,
  windowMs: 15 * 60_000,
  baseBackoffMs: 60_000,
  maxBackoffMs: 6 * 60 * 60_000,
  probeTimeoutMs: 5 * 60_000,
};

/**
 * Failures that say the sync itself is broken: the target refuses xtsync (consent withdrawn, role removed:
 * 401/403), the credential no longer works, or Graph keeps failing (5xx, no answer). Throttling is how Graph
 * paces normal work, and everything else is about one user (bad data, a conflicting account, a lost race).
 */
const syncBreakingCodes: ReadonlySet<SyncErrorCode> = new Set<SyncErrorCode>([
  'GRAPH.FORBIDDEN',
  'GRAPH.UNAUTHORIZED',
  'AUTH.CREDENTIAL',
  'GRAPH.UNAVAILABLE',
  'GRAPH.NETWORK',
]);

/** How a failed unit of work counts for quarantine: `failure` only when it says the sync is broken. */
export function failureOutcome(error: unknown): 'failure' | 'neutral' {
  return isSyncError(error) && syncBreakingCodes.has(error.code) ? 'failure' : 'neutral';
}

/** True when failures exceed the policy's share of at least its minimum number of attempts. */
export function isQuarantineDue(
  counts: { readonly attempts: number; readonly failures: number },
  policy: QuarantinePolicy,
): boolean {
  return counts.attempts >= policy.minAttempts && counts.failures > policy.failureRatio * counts.attempts;
}

/** The back-off after a failed probe: twice the current one, never above the cap. */
export function nextBackoffMs(currentMs: number, policy: QuarantinePolicy): number {
  return Math.min(Math.max(currentMs, policy.baseBackoffMs) * 2, policy.maxBackoffMs);
}
