import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServiceBusClient } from '@azure/service-bus';
import { createServiceBusClient } from '../../../src/adapters/service-bus/service-bus-client.js';
import { createServiceBusEntityProbe } from '../../../src/adapters/service-bus/service-bus-entity-probe.js';
import type { BusEntityProbe } from '../../../src/app/doctor-ports.js';
import { declareSyncEntities } from '../../../src/local/in-process-bus/sync-entities.js';
import { startAmqpBroker, type AmqpBroker } from '../../support/amqp-broker/start-amqp-broker.js';

describe('createServiceBusEntityProbe (real SDK, AMQP broker fixture)', () => {
  let broker: AmqpBroker;
  let client: ServiceBusClient;
  let probe: BusEntityProbe;

  beforeAll(async () => {
    broker = await startAmqpBroker({
      entities: declareSyncEntities({
        sourceQueueName: 'source-changes',
        targetTopicName: 'target-changes',
        targets: [{ key: 'fabrikam', tenantId: '22222222-2222-4222-8222-222222222222' }],
      }),
    });
    client = createServiceBusClient({
      connectionString: broker.connectionString,
      clientOptions: { retryOptions: { maxRetries: 0, timeoutInMs: 2000 } },
    });
    probe = createServiceBusEntityProbe(client, { timeoutMs: 3000 });
  });
  afterAll(async () => {
    await client.close();
    await broker.close();
  });

  it('opens a sender and a session receiver on the queue without leaving a message', async () => {
    expect(await probe.probeEntity({ kind: 'queue', name: 'source-changes' })).toEqual({
      ok: true,
      detail: 'Opened a sender and a session receiver on queue source-changes.',
    });
    expect(broker.peek('source-changes')).toEqual([]);
  });

  it('opens a sender on the topic and a session receiver on a target subscription', async () => {
    expect(await probe.probeEntity({ kind: 'topic', name: 'target-changes' })).toMatchObject({ ok: true });
    expect(
      await probe.probeEntity({
        kind: 'subscription',
        topicName: 'target-changes',
        subscriptionName: 'target-fabrikam',
      }),
    ).toMatchObject({ ok: true });
  });

  it('reports a subscription the namespace does not have as missing', async () => {
    const result = await probe.probeEntity({
      kind: 'subscription',
      topicName: 'target-changes',
      subscriptionName: 'target-tailspin',
    });

    expect(result).toMatchObject({
      ok: false,
      problem: 'missing',
      message: expect.stringContaining('target-changes/Subscriptions/target-tailspin') as unknown,
    });
  });

  it('reports a queue the namespace does not have as missing', async () => {
    expect(await probe.probeEntity({ kind: 'queue', name: 'no-such-queue' })).toMatchObject({
      ok: false,
      problem: 'missing',
    });
  });
});

describe('createServiceBusEntityProbe without a broker', () => {
  it('reports the namespace as unreachable within its time limit', async () => {
    const client = createServiceBusClient({
      connectionString:
        'Endpoint=sb://127.0.0.1:1;SharedAccessKeyName=fake;SharedAccessKey=fake;UseDevelopmentEmulator=true',
      clientOptions: { retryOptions: { maxRetries: 0, timeoutInMs: 1000 } },
    });
    const started = Date.now();
    try {
      const result = await createServiceBusEntityProbe(client, { timeoutMs: 1500 }).probeEntity({
        kind: 'topic',
        name: 'target-changes',
      });

      expect(result).toMatchObject({ ok: false, problem: 'unreachable' });
      expect(Date.now() - started).toBeLessThan(5000);
    } finally {
      await client.close();
    }
  });
});
