import { isServiceBusError, type ServiceBusClient, type ServiceBusReceiver } from '@azure/service-bus';
import { describe, expect, it } from 'vitest';
import { createServiceBusClient } from '../../../src/adapters/service-bus/service-bus-client.js';
import { createServiceBusSyncQueue } from '../../../src/adapters/service-bus/service-bus-sync-queue.js';
import { isSyncError } from '../../../src/core/sync-errors.js';
import { startAmqpBroker } from '../../support/amqp-broker/start-amqp-broker.js';
import {
  contractNames,
  runSyncQueueContract,
  syncQueueContractEntities,
  type ReceivedSyncMessage,
} from '../../support/contracts/sync-queue.contract.js';
import { aTargetChange } from '../../support/contracts/sync-queue-messages.js';

// Small enough that 300 target changes need several batches.
const MAX_MESSAGE_SIZE_BYTES = 32 * 1024;

runSyncQueueContract('Service Bus SDK against the AMQP broker fixture', async () => {
  const broker = await startAmqpBroker({
    entities: syncQueueContractEntities,
    maxMessageSizeBytes: MAX_MESSAGE_SIZE_BYTES,
  });
  const client = createServiceBusClient({
    connectionString: broker.connectionString,
    clientOptions: { retryOptions: { maxRetries: 1, timeoutInMs: 5000 } },
  });
  const queue = createServiceBusSyncQueue({ client, ...contractNames });
  return {
    queue,
    receive: (entityPath, options) => receiveFromSessions(client, entityPath, options),
    async close() {
      await queue.close();
      await client.close();
      await broker.close();
    },
  };
});

describe('createServiceBusSyncQueue', () => {
  it('reports an SDK failure as a retryable BUS.UNAVAILABLE that keeps the SDK error as its cause', async () => {
    const broker = await startAmqpBroker({ entities: syncQueueContractEntities });
    const client = createServiceBusClient({
      connectionString: broker.connectionString,
      clientOptions: { retryOptions: { maxRetries: 0, timeoutInMs: 2000 } },
    });
    const queue = createServiceBusSyncQueue({
      client,
      sourceQueueName: 'source-changes',
      targetTopicName: 'undeclared',
    });
    try {
      const failure: unknown = await queue
        .publishTargetChanges([aTargetChange()])
        .catch((error: unknown) => error);

      expect(isSyncError(failure, 'BUS.UNAVAILABLE')).toBe(true);
      expect(isSyncError(failure) && failure.retryable).toBe(true);
      expect(isServiceBusError((failure as Error).cause)).toBe(true);
      expect((failure as Error).message).toContain('undeclared');
    } finally {
      await queue.close();
      await client.close();
      await broker.close();
    }
  });
});

/** Every contract entity uses sessions: accept the next session with messages, take them, repeat. */
async function receiveFromSessions(
  client: ServiceBusClient,
  entityPath: string,
  { count, timeoutMs }: { readonly count: number; readonly timeoutMs: number },
): Promise<ReceivedSyncMessage[]> {
  const [queueOrTopic = entityPath, , subscription] = entityPath.split('/');
  const deadline = Date.now() + timeoutMs;
  const received: ReceivedSyncMessage[] = [];
  while (received.length < count && Date.now() < deadline) {
    let receiver: ServiceBusReceiver;
    try {
      receiver =
        subscription === undefined
          ? await client.acceptNextSession(queueOrTopic)
          : await client.acceptNextSession(queueOrTopic, subscription);
    } catch (error) {
      // No session has messages (yet): the broker answers at once, so poll.
      if (!isServiceBusError(error) || error.code !== 'ServiceTimeout') throw error;
      await new Promise((resolve) => setTimeout(resolve, 20));
      continue;
    }
    try {
      const batch = await receiver.receiveMessages(count - received.length, {
        maxWaitTimeInMs: Math.max(1, Math.min(200, deadline - Date.now())),
      });
      for (const message of batch) {
        received.push({
          body: message.body as unknown,
          messageId: String(message.messageId),
          sessionId: message.sessionId,
          applicationProperties: message.applicationProperties ?? {},
          contentType: message.contentType,
          subject: message.subject,
          receivedAt: Date.now(),
        });
      }
      await Promise.all(batch.map((message) => receiver.completeMessage(message)));
    } finally {
      await receiver.close();
    }
  }
  return received;
}
