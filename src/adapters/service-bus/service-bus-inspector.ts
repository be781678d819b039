/**
 * {@link BusInspector} on Service Bus: dead-letter queues are read (peek-lock, then abandoned) and
 * resubmitted with the {@link DeadLetterReader}, which needs only the send and receive rights the app's
 * identity has. The backlog of a target's subscription is not available: Service Bus gives runtime message
 * counts only to callers with Manage rights, and peeking a session-enabled subscription needs a session lock
 * (it would stall that session's apply step). Watch the subscription's `ActiveMessages` metric instead.
 */
import type { BrokerDeadLetterCount, BusInspector } from '../../app/safety-ports.js';
import type { DeadLetteredMessage, DeadLetterReader, DeadLetterSource } from './dead-letter-reader.js';

/** Entity names, as the settings give them (`XTSYNC_SOURCE_QUEUE`, `XTSYNC_TARGET_TOPIC`, `XTSYNC_TARGETS`). */
export interface ServiceBusInspectorOptions {
  readonly reader: DeadLetterReader;
  readonly sourceQueueName: string;
  readonly targetTopicName: string;
  readonly targets: readonly { readonly key: string; readonly tenantId: string }[];
}

/** Creates the Service Bus {@link BusInspector}. Methods throw SyncError BUS.UNAVAILABLE when it fails. */
export function createServiceBusInspector(options: ServiceBusInspectorOptions): BusInspector {
  const { reader } = options;
  const subscriptionOf = (targetTenantId: string): DeadLetterSource | undefined => {
    const target = options.targets.find((each) => each.tenantId === targetTenantId.toLowerCase());
    return target && { topicName: options.targetTopicName, subscriptionName: `target-${target.key}` };
  };
  const sources: { readonly source: DeadLetterSource; readonly targetTenantId: string | null }[] = [
    { source: { queueName: options.sourceQueueName }, targetTenantId: null },
    ...options.targets.map((target) => ({
      source: { topicName: options.targetTopicName, subscriptionName: `target-${target.key}` },
      targetTenantId: target.tenantId,
    })),
  ];
  return {
    deadLetterCounts: () =>
      Promise.all(
        sources.map(async ({ source, targetTenantId }): Promise<BrokerDeadLetterCount> => {
          const messages = await reader.read(source);
          return {
            entity: entityPath(source),
            targetTenantId,
            total: messages.length,
            bySync: bySync(messages),
          };
        }),
      ),
    targetBacklog: () => Promise.resolve(null),
    async resubmitDeadLetters(from) {
      if (from.kind === 'source-changes') return reader.resubmit({ queueName: options.sourceQueueName });
      const source = subscriptionOf(from.targetTenantId);
      if (!source) return 0;
      return reader.resubmit(source, { select: (message) => syncIdOf(message) === from.syncId });
    },
  };
}

function entityPath(source: DeadLetterSource): string {
  return 'queueName' in source
    ? source.queueName
    : `${source.topicName}/Subscriptions/${source.subscriptionName}`;
}

function syncIdOf(message: DeadLetteredMessage): string | undefined {
  const syncId = message.applicationProperties.syncId;
  return typeof syncId === 'string' ? syncId : undefined;
}

/** Messages per `syncId` application property (target changes carry it). */
function bySync(
  messages: readonly { readonly applicationProperties: Readonly<Record<string, unknown>> }[],
): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const message of messages) {
    const syncId = message.applicationProperties.syncId;
    if (typeof syncId === 'string') counts[syncId] = (counts[syncId] ?? 0) + 1;
  }
  return counts;
}
