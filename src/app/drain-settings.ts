/** Tunables of the drain; defaults suit Graph's documented behaviour. */
export interface DrainSettings {
  /** Pages read per invocation before the rest of the round continues in a new message. */
  readonly maxPagesPerRun: number;
  /** Delays of the re-checks for notified users the delta does not show yet (replication lag). */
  readonly recheckDelaysMs: readonly number[];
  /** One extra delta read this long after a notification, so a change still replicating is not missed. */
  readonly settleAfterMs: number;
  readonly settleBucketMs: number;
  /** Users of one page processed in parallel. */
  readonly concurrency: number;
}

export const defaultDrainSettings: DrainSettings = {
  maxPagesPerRun: 50,
  recheckDelaysMs: [1_000, 3_000, 7_000, 15_000, 30_000, 60_000],
  settleAfterMs: 30_000,
  settleBucketMs: 10_000,
  concurrency: 8,
};
