import { ServiceBusClient } from '@azure/service-bus';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDeadLetterReader } from '../../../src/adapters/service-bus/dead-letter-reader.js';
import { createServiceBusInspector } from '../../../src/adapters/service-bus/service-bus-inspector.js';
import type { BusInspector } from '../../../src/app/safety-ports.js';
import { startAmqpBroker, type AmqpBroker } from '../../support/amqp-broker/start-amqp-broker.js';

const fabrikam = '22222222-2222-4222-8222-222222222222';

describe('createServiceBusInspector', () => {
  let broker: AmqpBroker;
  let client: ServiceBusClient;
  let inspector: BusInspector;

  beforeEach(async () => {
    broker = await startAmqpBroker({
      entities: {
        queues: [{ name: 'source-changes', requiresSession: true }],
        topics: [
          {
            name: 'target-changes',
            subscriptions: [
              {
                name: 'target-fabrikam',
                requiresSession: true,
                correlationFilter: { targetTenantId: fabrikam },
              },
            ],
          },
        ],
      },
    });
    client = new ServiceBusClient(broker.connectionString, {
      retryOptions: { maxRetries: 0, timeoutInMs: 5000 },
    });
    inspector = createServiceBusInspector({
      reader: createDeadLetterReader({ client, maxWaitTimeInMs: 100 }),
      sourceQueueName: 'source-changes',
      targetTopicName: 'target-changes',
      targets: [{ key: 'fabrikam', tenantId: fabrikam }],
    });
  });
  afterEach(async () => {
    await client.close();
    await broker.close();
  });

  /** Sends a change of `syncId` for fabrikam and dead-letters it the way an apply function would. */
  async function deadLetter(syncId: string, user: string): Promise<void> {
    const sender = client.createSender('target-changes');
    const sessionId = `${syncId}:${user}`;
    await sender.sendMessages({
      body: { kind: 'remove', syncId },
      messageId: `${sessionId}:v1:remove:a0`,
      sessionId,
      applicationProperties: { targetTenantId: fabrikam, syncId },
    });
    const receiver = await client.acceptSession('target-changes', 'target-fabrikam', sessionId);
    const [message] = await receiver.receiveMessages(1, { maxWaitTimeInMs: 1000 });
    if (message === undefined) throw new Error('the change never arrived');
    await receiver.deadLetterMessage(message, {
      deadLetterReason: 'GRAPH.FORBIDDEN',
      deadLetterErrorDescription: 'Insufficient privileges',
    });
    await Promise.all([receiver.close(), sender.close()]);
  }

  it('counts the dead letters of the drain queue and of each target subscription per sync', async () => {
    await deadLetter('a-to-f', 'u1');
    await deadLetter('a-to-f', 'u2');
    await deadLetter('b-to-f', 'u3');

    expect(await inspector.deadLetterCounts()).toEqual([
      { entity: 'source-changes', targetTenantId: null, total: 0, bySync: {} },
      {
        entity: 'target-changes/Subscriptions/target-fabrikam',
        targetTenantId: fabrikam,
        total: 3,
        bySync: { 'a-to-f': 2, 'b-to-f': 1 },
      },
    ]);
  });

  it("resubmits one sync's dead letters and leaves the other syncs' in place", async () => {
    await deadLetter('a-to-f', 'u1');
    await deadLetter('b-to-f', 'u3');

    expect(
      await inspector.resubmitDeadLetters({ kind: 'target', targetTenantId: fabrikam, syncId: 'a-to-f' }),
    ).toBe(1);
    expect((await inspector.deadLetterCounts())[1]).toMatchObject({ total: 1, bySync: { 'b-to-f': 1 } });
    expect(broker.peek('target-changes/Subscriptions/target-fabrikam')).toHaveLength(1);
  });

  it('cannot tell the backlog: Service Bus gives runtime counts only to Manage rights', async () => {
    expect(await inspector.targetBacklog(fabrikam)).toBeNull();
  });
});
