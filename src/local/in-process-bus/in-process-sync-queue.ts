import type { DrainRequest, TargetChange } from '../../app/messages.js';
import type { SyncQueue } from '../../app/ports.js';
import {
  toDrainMessage,
  toTargetChangeMessage,
  type OutgoingSyncMessage,
} from '../../adapters/service-bus/sync-message-mapping.js';
import type { InProcessBus } from './in-process-bus.js';

/** Entity names of {@link createInProcessSyncQueue}, from the same settings as in Azure. */
export interface InProcessSyncQueueOptions {
  readonly sourceQueueName: string;
  readonly targetTopicName: string;
}

/**
 * A {@link SyncQueue} on the in-process bus. It maps messages with the Service Bus adapter's mapping, so the
 * local stack carries byte-for-byte the bodies, ids, sessions and routing properties Azure would.
 *
 * Methods throw the bus's SyncErrors (MESSAGE.INVALID, BUS.MESSAGE_TOO_LARGE, BUS.UNAVAILABLE, CONFIG.INVALID).
 */
export function createInProcessSyncQueue(bus: InProcessBus, options: InProcessSyncQueueOptions): SyncQueue {
  const at = (message: OutgoingSyncMessage, when: Date) => ({ ...message, scheduledEnqueueTimeUtc: when });
  // async so that a mapping failure rejects like a bus failure instead of throwing synchronously.
  return {
    async enqueueDrains(requests: readonly DrainRequest[]) {
      await bus.send(options.sourceQueueName, requests.map(toDrainMessage));
    },
    async scheduleDrain(request: DrainRequest, when: Date) {
      await bus.send(options.sourceQueueName, [at(toDrainMessage(request), when)]);
    },
    async publishTargetChanges(changes: readonly TargetChange[]) {
      await bus.send(options.targetTopicName, changes.map(toTargetChangeMessage));
    },
    async scheduleTargetChange(change: TargetChange, when: Date) {
      await bus.send(options.targetTopicName, [at(toTargetChangeMessage(change), when)]);
    },
  };
}
