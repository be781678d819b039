/**
 * The demo's timeline as text: one line per step × sync (`joiner  contoso → fabrikam  1.23 s  ok`), a
 * latency summary per step, the loop-prevention verdict, and a FAILED line for everything that did not
 * converge.
 */
import type { DemoStepResult, DemoStepSummary, DemoTimeline } from './demo-timeline.js';

const stepWidth = 7;
const routeWidth = 26;

/** Seconds with two decimals, e.g. `1.23 s`; `-` for no measurement. */
export function formatSeconds(ms: number | null): string {
  return ms === null ? '-' : `${(ms / 1000).toFixed(2)} s`;
}

/** One timeline line for a step result; failures and skips say why after the outcome. */
export function formatStepLine(result: DemoStepResult): string {
  const route = `${result.from} → ${result.to}`;
  const outcome = result.outcome === 'ok' ? 'ok' : `${result.outcome}: ${result.detail}`;
  return `${result.step.padEnd(stepWidth)} ${route.padEnd(routeWidth)} ${formatSeconds(result.latencyMs).padStart(8)}  ${outcome}`;
}

/** One summary line, e.g. `joiner  9/9 converged  min 0.81 s  p50 1.02 s  max 1.40 s`. */
export function formatSummaryLine(summary: DemoStepSummary): string {
  return (
    `${summary.step.padEnd(stepWidth)} ${`${summary.converged}/${summary.attempted}`.padStart(5)} converged` +
    `  min ${formatSeconds(summary.minMs)}  p50 ${formatSeconds(summary.p50Ms)}  max ${formatSeconds(summary.maxMs)}`
  );
}

/** The whole report: every step line, then {@link formatSummary}. */
export function formatTimeline(timeline: DemoTimeline): string[] {
  return [
    `Topology: ${timeline.shape}`,
    ...timeline.notes.map((note) => `Note: ${note}`),
    '',
    ...timeline.steps.map(formatStepLine),
    ...formatSummary(timeline),
  ];
}

/**
 * What follows the step lines (which the demo logs as they happen): latency per step, the loop-prevention
 * verdict, notes, a FAILED line per problem, and the verdict as the last line.
 */
export function formatSummary(timeline: DemoTimeline): string[] {
  const loopFailures = timeline.loopChecks.filter((check) => !check.ok).length;
  return [
    '',
    'Latency per step (from the source change to the target showing it):',
    ...timeline.summary.map((summary) => `  ${formatSummaryLine(summary)}`),
    '',
    timeline.loopChecks.length === 0
      ? 'Loop prevention: not checked (no user crossed a sync).'
      : loopFailures === 0
        ? `Loop prevention: ok (${timeline.loopChecks.length} checks: no copy back home or onward).`
        : `Loop prevention: ${loopFailures} of ${timeline.loopChecks.length} checks failed.`,
    ...timeline.notes.map((note) => `Note: ${note}`),
    ...timeline.failures.map((failure) => `FAILED: ${failure}`),
    timeline.ok
      ? 'Demo passed: every step converged in every sync.'
      : `Demo failed: ${timeline.failures.length} problem(s).`,
  ];
}
