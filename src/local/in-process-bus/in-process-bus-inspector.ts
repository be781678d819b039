/**
 * {@link BusInspector} on the in-process bus: the local stack sees everything, so the backlog of a target's
 * subscription is counted per sync (the `syncId` application property of the messages waiting or in flight),
 * and dead letters are counted and moved back with the bus's own operations.
 */
import type { BrokerDeadLetterCount, BusInspector } from '../../app/safety-ports.js';
import { subscriptionPath } from './bus-entities.js';
import type { PeekedBusMessage } from './bus-message.js';
import type { InProcessBus } from './in-process-bus.js';
import type { SyncTarget } from './sync-entities.js';

/** Entity names, from the same settings as in Azure. */
export interface InProcessBusInspectorOptions {
  readonly sourceQueueName: string;
  readonly targetTopicName: string;
  readonly targets: readonly SyncTarget[];
}

/** Creates the in-process {@link BusInspector}. */
export function createInProcessBusInspector(
  bus: InProcessBus,
  options: InProcessBusInspectorOptions,
): BusInspector {
  const pathOf = (targetTenantId: string): string | undefined => {
    const target = options.targets.find(
      (each) => each.tenantId.toLowerCase() === targetTenantId.toLowerCase(),
    );
    return target && subscriptionPath(options.targetTopicName, `target-${target.key}`);
  };
  const entities = [
    { path: options.sourceQueueName, targetTenantId: null },
    ...options.targets.map((target) => ({
      path: subscriptionPath(options.targetTopicName, `target-${target.key}`),
      targetTenantId: target.tenantId.toLowerCase(),
    })),
  ];
  return {
    deadLetterCounts: () =>
      Promise.resolve(
        entities.map(({ path, targetTenantId }): BrokerDeadLetterCount => {
          const letters = bus.peek(`${path}/$DeadLetterQueue`);
          return { entity: path, targetTenantId, total: letters.length, bySync: countBySync(letters) };
        }),
      ),
    targetBacklog: (targetTenantId) => {
      const path = pathOf(targetTenantId);
      return Promise.resolve(path === undefined ? {} : countBySync(bus.peek(path)));
    },
    resubmitDeadLetters: (from) => {
      try {
        if (from.kind === 'source-changes')
          return Promise.resolve(bus.resubmitDeadLetters(options.sourceQueueName));
        const path = pathOf(from.targetTenantId);
        if (path === undefined) return Promise.resolve(0);
        return Promise.resolve(
          bus.resubmitDeadLetters(path, (message) => message.applicationProperties.syncId === from.syncId),
        );
      } catch (error) {
        return Promise.reject(error instanceof Error ? error : new Error(String(error)));
      }
    },
  };
}

function countBySync(messages: readonly PeekedBusMessage[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const message of messages) {
    const syncId = message.applicationProperties.syncId;
    if (typeof syncId === 'string') counts[syncId] = (counts[syncId] ?? 0) + 1;
  }
  return counts;
}
