import type { DrainRequest, TargetChange } from '../../../src/app/messages.js';
import type { SyncQueue } from '../../../src/app/ports.js';

/** A SyncQueue that records what was sent (and when it was scheduled for), for use-case tests. */
export interface RecordingSyncQueue extends SyncQueue {
  readonly drains: DrainRequest[];
  readonly scheduledDrains: { request: DrainRequest; at: Date }[];
  readonly targetChanges: TargetChange[];
  readonly scheduledTargetChanges: { change: TargetChange; at: Date }[];
  /** Makes every send fail with `error` until cleared with `undefined`. */
  failWith(error: Error | undefined): void;
}

export function createRecordingSyncQueue(): RecordingSyncQueue {
  let failure: Error | undefined;
  const check = (): Promise<void> => (failure ? Promise.reject(failure) : Promise.resolve());
  const queue: RecordingSyncQueue = {
    drains: [],
    scheduledDrains: [],
    targetChanges: [],
    scheduledTargetChanges: [],
    failWith(error) {
      failure = error;
    },
    async enqueueDrains(requests) {
      await check();
      queue.drains.push(...requests);
    },
    async scheduleDrain(request, at) {
      await check();
      queue.scheduledDrains.push({ request, at });
    },
    async publishTargetChanges(changes) {
      await check();
      queue.targetChanges.push(...changes);
    },
    async scheduleTargetChange(change, at) {
      await check();
      queue.scheduledTargetChanges.push({ change, at });
    },
  };
  return queue;
}
