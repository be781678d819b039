import { ServiceBusClient } from '@azure/service-bus';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createDeadLetterReader,
  type DeadLetterReader,
} from '../../../src/adapters/service-bus/dead-letter-reader.js';
import { isSyncError } from '../../../src/core/sync-errors.js';
import { startAmqpBroker, type AmqpBroker } from '../../support/amqp-broker/start-amqp-broker.js';

const subscriptionA = { topicName: 'target-changes', subscriptionName: 'target-a' } as const;

describe('createDeadLetterReader', () => {
  let broker: AmqpBroker;
  let client: ServiceBusClient;
  let reader: DeadLetterReader;

  beforeEach(async () => {
    broker = await startAmqpBroker({
      entities: {
        queues: [{ name: 'source-changes', requiresSession: true }],
        topics: [
          {
            name: 'target-changes',
            subscriptions: [
              { name: 'target-a', requiresSession: true, correlationFilter: { targetTenantId: 'a' } },
              { name: 'target-b', requiresSession: true, correlationFilter: { targetTenantId: 'b' } },
            ],
          },
        ],
      },
    });
    client = new ServiceBusClient(broker.connectionString, {
      retryOptions: { maxRetries: 0, timeoutInMs: 5000 },
    });
    reader = createDeadLetterReader({ client, maxWaitTimeInMs: 100 });
  });
  afterEach(async () => {
    await client.close();
    await broker.close();
  });

  /** Sends one change for target a and dead-letters it the way an apply function would. */
  async function deadLetterOneChange(reason: string, description: string): Promise<void> {
    const sender = client.createSender('target-changes');
    await sender.sendMessages({
      body: { kind: 'upsert', sourceVersion: 3 },
      messageId: 'sync-1:user-1:v3:upsert:a0',
      sessionId: 'sync-1:user-1',
      subject: 'upsert',
      contentType: 'application/json',
      applicationProperties: { targetTenantId: 'a', syncId: 'sync-1' },
    });
    const receiver = await client.acceptSession('target-changes', 'target-a', 'sync-1:user-1');
    const [message] = await receiver.receiveMessages(1, { maxWaitTimeInMs: 1000 });
    if (message === undefined) throw new Error('the change never arrived');
    await receiver.deadLetterMessage(message, {
      deadLetterReason: reason,
      deadLetterErrorDescription: description,
    });
    await Promise.all([receiver.close(), sender.close()]);
  }

  it('reads a dead-lettered message with the reason and description it was given, and leaves it there', async () => {
    await deadLetterOneChange('SYNC.TARGET_CONFLICT', 'two target users carry the same anchor');

    const first = await reader.read(subscriptionA);
    const second = await reader.read(subscriptionA);

    expect(first).toEqual([
      expect.objectContaining({
        messageId: 'sync-1:user-1:v3:upsert:a0',
        sessionId: 'sync-1:user-1',
        body: { kind: 'upsert', sourceVersion: 3 },
        applicationProperties: { targetTenantId: 'a', syncId: 'sync-1' },
        deadLetterReason: 'SYNC.TARGET_CONFLICT',
        deadLetterErrorDescription: 'two target users carry the same anchor',
      }),
    ]);
    expect(second.map((message) => message.messageId)).toEqual(['sync-1:user-1:v3:upsert:a0']);
  });

  it('counts the messages of a dead-letter queue', async () => {
    await deadLetterOneChange('MESSAGE.INVALID', 'bad body');

    expect(await reader.count(subscriptionA)).toBe(1);
    expect(await reader.count({ topicName: 'target-changes', subscriptionName: 'target-b' })).toBe(0);
  });

  it('resubmits to the same subscription under a new message id and empties the dead-letter queue', async () => {
    await deadLetterOneChange('GRAPH.UNAVAILABLE', 'gave up after retries');

    const resubmitted = await reader.resubmit(subscriptionA);

    const receiver = await client.acceptSession('target-changes', 'target-a', 'sync-1:user-1');
    const [again] = await receiver.receiveMessages(1, { maxWaitTimeInMs: 1000 });
    if (again !== undefined) await receiver.completeMessage(again);
    await receiver.close();
    expect(resubmitted).toBe(1);
    expect(again).toMatchObject({
      body: { kind: 'upsert', sourceVersion: 3 },
      sessionId: 'sync-1:user-1',
      applicationProperties: { targetTenantId: 'a', syncId: 'sync-1' },
    });
    expect(again?.messageId).not.toBe('sync-1:user-1:v3:upsert:a0');
    expect(broker.peek('target-changes/Subscriptions/target-b')).toEqual([]);
    expect(await reader.count(subscriptionA)).toBe(0);
  });

  it('resubmits only the messages the selection picks and leaves the others dead-lettered', async () => {
    await deadLetterOneChange('GRAPH.UNAVAILABLE', 'gave up after retries');

    const none = await reader.resubmit(subscriptionA, {
      select: (message) => message.applicationProperties.syncId === 'sync-2',
    });
    const mine = await reader.resubmit(subscriptionA, {
      select: (message) => message.applicationProperties.syncId === 'sync-1',
    });

    expect(none).toBe(0);
    expect(mine).toBe(1);
    expect(await reader.count(subscriptionA)).toBe(0);
  });

  it('reports a failure to reach the dead-letter queue as a retryable BUS.UNAVAILABLE', async () => {
    const failure: unknown = await reader
      .read({ queueName: 'no-such-queue' })
      .catch((error: unknown) => error);

    expect(isSyncError(failure, 'BUS.UNAVAILABLE')).toBe(true);
    expect(isSyncError(failure) && failure.retryable).toBe(true);
  });
});
