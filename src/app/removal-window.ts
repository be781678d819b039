/**
 * The deletion guard's rolling hour, as plain functions over a {@link RemovalWindow}: removals admitted per
 * minute bucket, pruned to the last hour, and the drain batches already admitted whole.
 */
import type { RemovalWindow } from './safety-ports.js';

/** How far back admitted removals count against the threshold. */
export const removalWindowMs = 60 * 60_000;
const bucketMs = 60_000;
/** Batches are admitted within seconds of each other; the latest few ids are enough to recognise them. */
const maxBatchIds = 50;

/** An empty window for `syncId`. */
export function emptyRemovalWindow(syncId: string): RemovalWindow {
  return { syncId, buckets: [], batchIds: [] };
}

/** Removals admitted in the hour before `now` (whole minute buckets). */
export function admittedInWindow(window: RemovalWindow | null, now: Date): number {
  if (window === null) return 0;
  const since = bucketStart(now.getTime() - removalWindowMs);
  return window.buckets
    .filter((bucket) => Date.parse(bucket.start) >= since)
    .reduce((total, bucket) => total + bucket.count, 0);
}

/** True when the drain batch `batchId` was already admitted as a whole. */
export function isBatchAdmitted(window: RemovalWindow | null, batchId: string): boolean {
  return window?.batchIds.includes(batchId) ?? false;
}

/**
 * The window after admitting `count` removals at `now` (and remembering `batchId`, when given); buckets
 * older than the hour are dropped so the row stays small.
 */
export function withAdmitted(
  window: RemovalWindow | null,
  syncId: string,
  now: Date,
  count: number,
  batchId?: string,
): RemovalWindow {
  const since = bucketStart(now.getTime() - removalWindowMs);
  const start = new Date(bucketStart(now.getTime())).toISOString();
  const kept = (window?.buckets ?? []).filter((bucket) => Date.parse(bucket.start) >= since);
  const current = kept.find((bucket) => bucket.start === start);
  const buckets = current
    ? kept.map((bucket) => (bucket === current ? { start, count: bucket.count + count } : bucket))
    : [...kept, { start, count }];
  const batchIds = batchId === undefined ? (window?.batchIds ?? []) : [...(window?.batchIds ?? []), batchId];
  return { syncId, buckets, batchIds: batchIds.slice(-maxBatchIds) };
}

function bucketStart(ms: number): number {
  return Math.floor(ms / bucketMs) * bucketMs;
}
