/**
 * The demo's result: one entry per lifecycle step × sync with its latency, the loop-prevention checks, a
 * latency summary per step and every failure as a sentence. `npm run demo --json` prints it as is.
 */

/** The lifecycle steps the demo drives, in order. */
export type DemoStep = 'joiner' | 'mover' | 'leaver' | 'return';

/** Every step, in the order the demo runs them. */
export const demoSteps: readonly DemoStep[] = ['joiner', 'mover', 'leaver', 'return'];

/**
 * `ok`: the target converged; `timeout`: it did not within the timeout; `error`: the source change itself
 * failed; `skipped`: not attempted (an earlier step failed for this sync, or the step has no visible effect).
 */
export type DemoStepOutcome = 'ok' | 'timeout' | 'error' | 'skipped';

/** One step of one demo user in one sync. */
export interface DemoStepResult {
  readonly step: DemoStep;
  readonly syncId: string;
  /** Tenant keys. */
  readonly from: string;
  readonly to: string;
  readonly sourceUserId: string | null;
  readonly targetUserId: string | null;
  readonly outcome: DemoStepOutcome;
  /** From the source change being acknowledged to the target showing it; null unless `ok`. */
  readonly latencyMs: number | null;
  /** ISO time of the source change. */
  readonly startedAt: string;
  /** What converged, or what was still wrong when the step gave up. */
  readonly detail: string;
}

/** A check that a demo user was not copied back into its home tenant or onward by a target's syncs. */
export interface DemoLoopCheck {
  readonly source: string;
  readonly sourceUserId: string;
  /** After which step it ran. */
  readonly after: DemoStep;
  readonly ok: boolean;
  readonly detail: string;
}

/** A user the demo created in a source tenant. */
export interface DemoUser {
  readonly source: string;
  readonly sourceUserId: string | null;
  readonly userPrincipalName: string;
  readonly syncIds: readonly string[];
}

/** Latency of one step over every sync where it converged (null when none did). */
export interface DemoStepSummary {
  readonly step: DemoStep;
  readonly converged: number;
  /** Results that were attempted (not skipped). */
  readonly attempted: number;
  readonly minMs: number | null;
  readonly p50Ms: number | null;
  readonly maxMs: number | null;
}

/** Everything `runDemo` did and saw. */
export interface DemoTimeline {
  readonly startedAt: string;
  readonly finishedAt: string;
  /** The topology's shape, e.g. `mesh (full): contoso, fabrikam, northwind`. */
  readonly shape: string;
  readonly users: readonly DemoUser[];
  /** Facts worth telling the reader, e.g. that a source needed one user per sync. */
  readonly notes: readonly string[];
  readonly steps: readonly DemoStepResult[];
  readonly loopChecks: readonly DemoLoopCheck[];
  readonly summary: readonly DemoStepSummary[];
  /** One sentence per thing that did not converge or failed; empty when `ok`. */
  readonly failures: readonly string[];
  readonly ok: boolean;
}

/** Min / median / max latency per step, over the results that converged. */
export function summarizeSteps(results: readonly DemoStepResult[]): DemoStepSummary[] {
  return demoSteps.map((step) => {
    const ofStep = results.filter((result) => result.step === step && result.outcome !== 'skipped');
    const latencies = ofStep
      .map((result) => result.latencyMs)
      .filter((latency): latency is number => latency !== null)
      .sort((a, b) => a - b);
    return {
      step,
      converged: latencies.length,
      attempted: ofStep.length,
      minMs: latencies[0] ?? null,
      // Nearest-rank median: a value that was actually measured.
      p50Ms: latencies[Math.ceil(latencies.length / 2) - 1] ?? null,
      maxMs: latencies.at(-1) ?? null,
    };
  });
}
