/**
 * Polling with a deadline, for "how long until the target shows the change": the latency is measured from
 * a given start to the first observation that converged, so it includes at most one poll interval of slack.
 */
import type { TargetObservation } from './target-expectation.js';

/** How to poll: the deadline is `startedAtMs + timeoutMs` on the `now` clock (milliseconds). */
export interface WaitOptions {
  readonly startedAtMs: number;
  readonly timeoutMs: number;
  readonly pollMs: number;
  readonly now: () => number;
}

/** Converged (after `latencyMs`, with the target user's id) or not, with the last thing observed. */
export type WaitOutcome =
  | { readonly converged: true; readonly latencyMs: number; readonly targetUserId: string }
  | { readonly converged: false; readonly detail: string };

/**
 * Calls `observe` until it reports convergence or the deadline passes. A thrown error (a Graph hiccup, the
 * simulator briefly busy) counts as "not yet" and its message becomes the detail, because a transient
 * failure of the observer is not a failure of the sync.
 */
export async function waitUntilConverged(
  observe: () => Promise<TargetObservation>,
  options: WaitOptions,
): Promise<WaitOutcome> {
  const deadline = options.startedAtMs + options.timeoutMs;
  let detail = 'not observed yet';
  for (;;) {
    try {
      const observation = await observe();
      if (observation.converged) {
        return {
          converged: true,
          latencyMs: Math.max(0, options.now() - options.startedAtMs),
          targetUserId: observation.targetUserId,
        };
      }
      detail = observation.detail;
    } catch (error) {
      detail = `reading the target failed: ${error instanceof Error ? error.message : String(error)}`;
    }
    const remaining = deadline - options.now();
    if (remaining <= 0) return { converged: false, detail };
    await new Promise((resolve) => setTimeout(resolve, Math.min(options.pollMs, remaining)));
  }
}
