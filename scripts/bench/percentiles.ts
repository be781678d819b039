/**
 * Order statistics for latency samples: nearest-rank percentiles, the definition that never invents a
 * value no sample had (a p95 of 200 samples is the 190th smallest).
 */

/** Count, p50, p95 and max of a set of samples (milliseconds); null figures when there are none. */
export interface LatencySummary {
  readonly count: number;
  readonly p50Ms: number | null;
  readonly p95Ms: number | null;
  readonly maxMs: number | null;
}

/**
 * The nearest-rank `percentile` (0–100] of `values`, or null for no values.
 *
 * @throws RangeError when `percentile` is outside (0, 100].
 */
export function nearestRank(values: readonly number[], percentile: number): number | null {
  if (!(percentile > 0 && percentile <= 100)) {
    throw new RangeError(`percentile must be in (0, 100], got ${percentile}`);
  }
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((percentile / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] ?? null;
}

/** Summarises latency samples as count, p50, p95 and max. */
export function summarizeLatencies(values: readonly number[]): LatencySummary {
  return {
    count: values.length,
    p50Ms: nearestRank(values, 50),
    p95Ms: nearestRank(values, 95),
    maxMs: values.length === 0 ? null : Math.max(...values),
  };
}
