import type { BusEntitiesInput } from './bus-entities.js';

/** One target tenant of the deployment (`XTSYNC_TARGETS` entry `key=tenantId`). */
export interface SyncTarget {
  readonly key: string;
  readonly tenantId: string;
}

/** Options for {@link declareSyncEntities}. */
export interface SyncEntitiesOptions {
  readonly sourceQueueName: string;
  readonly targetTopicName: string;
  readonly targets: readonly SyncTarget[];
  readonly maxDeliveryCount?: number;
  readonly duplicateDetectionWindowMs?: number;
}

/**
 * Declares xtsync's entities as infra/ creates them in Azure: the session-enabled drain queue, and the
 * target-change topic with one session-enabled subscription `target-<key>` per target whose only rule is a
 * correlation filter on `targetTenantId`.
 */
export function declareSyncEntities(options: SyncEntitiesOptions): BusEntitiesInput {
  const { maxDeliveryCount, duplicateDetectionWindowMs } = options;
  return {
    queues: [
      {
        name: options.sourceQueueName,
        requiresSession: true,
        ...(maxDeliveryCount === undefined ? {} : { maxDeliveryCount }),
        ...(duplicateDetectionWindowMs === undefined ? {} : { duplicateDetectionWindowMs }),
      },
    ],
    topics: [
      {
        name: options.targetTopicName,
        ...(duplicateDetectionWindowMs === undefined ? {} : { duplicateDetectionWindowMs }),
        subscriptions: options.targets.map((target) => ({
          name: `target-${target.key}`,
          requiresSession: true,
          correlationFilter: { targetTenantId: target.tenantId.toLowerCase() },
          ...(maxDeliveryCount === undefined ? {} : { maxDeliveryCount }),
        })),
      },
    ],
  };
}
