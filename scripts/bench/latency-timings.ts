/**
 * From what the bench saw to latencies: each change's source write, the notification tap's arrival for
 * that user, and the provisioning-log entry that applied it in the target.
 *
 * "The target shows it" is the entry's `at`: the apply step stamps it right after its last Graph write
 * succeeded, so a read of the target from that moment on returns the change. Polling the target instead
 * would add up to one poll interval of error per sample and Graph reads of its own, for no better truth;
 * the scenario still reads every changed user back once at the end to verify the entries.
 */
import type { ProvisioningLogEntry } from '../../src/app/ports.js';
import type { ChangeKind } from './latency-plan.js';
import { summarizeLatencies, type LatencySummary } from './percentiles.js';

/** A change as made in the source. */
export interface MadeChange {
  readonly kind: ChangeKind;
  readonly sourceUserId: string;
  /** Wall-clock ms just before the write was sent (the earliest the change can exist). */
  readonly writtenAtMs: number;
}

/** When one change was notified and applied (null: never seen). */
export interface ChangeTiming extends MadeChange {
  readonly notifiedAtMs: number | null;
  readonly appliedAtMs: number | null;
}

/** Latency figures for one kind of change (or all). */
export interface KindLatency {
  readonly changes: number;
  readonly applied: number;
  /** Source write → target shows it. */
  readonly endToEnd: LatencySummary;
  /** Notification received → target shows it: the pipeline's own part. */
  readonly pipeline: LatencySummary;
  /** Source write → notification received: Graph's (here the simulator's) part. */
  readonly notification: LatencySummary;
}

const appliedActions: Readonly<Record<ChangeKind, readonly string[]>> = {
  joiner: ['create', 'adopt'],
  mover: ['update'],
  leaver: ['disable', 'delete'],
};

/** The time of the first successful entry for the change's user and kind at or after its write. */
export function appliedAtMs(change: MadeChange, entries: readonly ProvisioningLogEntry[]): number | null {
  const actions = appliedActions[change.kind];
  let earliest: number | null = null;
  for (const entry of entries) {
    if (entry.sourceUserId !== change.sourceUserId || entry.outcome !== 'success') continue;
    if (!actions.includes(entry.action)) continue;
    const at = Date.parse(entry.at);
    if (at < change.writtenAtMs) continue;
    if (earliest === null || at < earliest) earliest = at;
  }
  return earliest;
}

/** The first arrival at or after the write, from a user's arrival times. */
export function notifiedAtMs(change: MadeChange, arrivals: readonly number[]): number | null {
  return arrivals.find((at) => at >= change.writtenAtMs) ?? null;
}

/** Summaries per kind and over all changes. */
export function summarizeTimings(timings: readonly ChangeTiming[]): Record<ChangeKind | 'all', KindLatency> {
  const of = (selected: readonly ChangeTiming[]): KindLatency => {
    const endToEnd: number[] = [];
    const pipeline: number[] = [];
    const notification: number[] = [];
    for (const timing of selected) {
      if (timing.appliedAtMs !== null) endToEnd.push(timing.appliedAtMs - timing.writtenAtMs);
      if (timing.notifiedAtMs !== null) notification.push(timing.notifiedAtMs - timing.writtenAtMs);
      if (timing.appliedAtMs !== null && timing.notifiedAtMs !== null)
        pipeline.push(timing.appliedAtMs - timing.notifiedAtMs);
    }
    return {
      changes: selected.length,
      applied: endToEnd.length,
      endToEnd: summarizeLatencies(endToEnd),
      pipeline: summarizeLatencies(pipeline),
      notification: summarizeLatencies(notification),
    };
  };
  return {
    joiner: of(timings.filter((timing) => timing.kind === 'joiner')),
    mover: of(timings.filter((timing) => timing.kind === 'mover')),
    leaver: of(timings.filter((timing) => timing.kind === 'leaver')),
    all: of(timings),
  };
}
