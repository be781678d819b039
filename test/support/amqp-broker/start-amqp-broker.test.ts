import { isServiceBusError, ServiceBusClient } from '@azure/service-bus';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAmqpBroker, type AmqpBroker } from './start-amqp-broker.js';

const sessionMessages = (sessionId: string, ...bodies: number[]) =>
  bodies.map((body) => ({ body, sessionId, messageId: `${sessionId}-${String(body)}` }));

// The tests share one broker; each uses its own messages or sessions and leaves 'work' empty.
describe('startAmqpBroker (with the real @azure/service-bus SDK)', () => {
  let broker: AmqpBroker;
  let client: ServiceBusClient;

  beforeAll(async () => {
    broker = await startAmqpBroker({
      entities: {
        queues: [
          { name: 'work', maxDeliveryCount: 3 },
          { name: 'ordered', requiresSession: true },
        ],
      },
    });
    client = new ServiceBusClient(broker.connectionString, {
      retryOptions: { maxRetries: 0, timeoutInMs: 5000 },
    });
  });
  afterAll(async () => {
    await client.close();
    await broker.close();
  });
  it('dead-letters a message abandoned maxDeliveryCount times, with reason MaxDeliveryCountExceeded', async () => {
    const sender = client.createSender('work');
    await sender.sendMessages({ body: { n: 1 }, messageId: 'poison' });
    const receiver = client.createReceiver('work');
    const deliveryCounts: number[] = [];
    for (let attempt = 0; attempt < 3; attempt++) {
      const [message] = await receiver.receiveMessages(1, { maxWaitTimeInMs: 1000 });
      if (message === undefined) break;
      deliveryCounts.push(message.deliveryCount ?? -1);
      await receiver.abandonMessage(message);
    }
    const left = await receiver.receiveMessages(1, { maxWaitTimeInMs: 100 });
    const deadLetters = client.createReceiver('work', { subQueueType: 'deadLetter' });
    const [dead] = await deadLetters.receiveMessages(1, { maxWaitTimeInMs: 1000 });
    if (dead !== undefined) await deadLetters.completeMessage(dead);
    await Promise.all([receiver.close(), deadLetters.close(), sender.close()]);

    // The JS SDK reports the raw AMQP header: 0 on the first delivery.
    expect(deliveryCounts).toEqual([0, 1, 2]);
    expect(left).toEqual([]);
    expect(dead).toMatchObject({
      messageId: 'poison',
      body: { n: 1 },
      deadLetterReason: 'MaxDeliveryCountExceeded',
    });
  });

  it('gives one session to one receiver at a time, and frees it when that receiver closes', async () => {
    const sender = client.createSender('ordered');
    await sender.sendMessages([...sessionMessages('s1', 1, 2), ...sessionMessages('s2', 3)]);

    const first = await client.acceptSession('ordered', 's1');
    const competing = await client.acceptSession('ordered', 's1').catch((error: unknown) => error);
    const next = await client.acceptNextSession('ordered');
    const noneLeft = await client.acceptNextSession('ordered').catch((error: unknown) => error);
    await first.close();
    const again = await client.acceptSession('ordered', 's1');
    const bodies = (await again.receiveMessages(5, { maxWaitTimeInMs: 200 })).map(
      (message) => message.body as number,
    );
    await Promise.all([again.close(), next.close(), sender.close()]);

    expect(isServiceBusError(competing) && competing.code).toBe('SessionCannotBeLocked');
    expect(next.sessionId).toBe('s2');
    expect(isServiceBusError(noneLeft) && noneLeft.code).toBe('ServiceTimeout');
    expect(bodies).toEqual([1, 2]);
  });

  it('redelivers an abandoned message of a session before the later ones', async () => {
    const sender = client.createSender('ordered');
    await sender.sendMessages(sessionMessages('s3', 1, 2, 3));
    const receiver = await client.acceptSession('ordered', 's3');

    const [first] = await receiver.receiveMessages(1, { maxWaitTimeInMs: 1000 });
    if (first !== undefined) await receiver.abandonMessage(first);
    const rest = await receiver.receiveMessages(3, { maxWaitTimeInMs: 200 });
    await Promise.all(rest.map((message) => receiver.completeMessage(message)));
    await Promise.all([receiver.close(), sender.close()]);

    expect(rest.map((message) => [message.body as unknown, message.deliveryCount])).toEqual([
      [1, 1],
      [2, 0],
      [3, 0],
    ]);
  });

  it('renews message and session locks over $management', async () => {
    const [queueSender, sessionSender] = [client.createSender('work'), client.createSender('ordered')];
    await queueSender.sendMessages({ body: 1, messageId: 'locked' });
    await sessionSender.sendMessages(sessionMessages('s4', 1));
    const receiver = client.createReceiver('work');
    const sessionReceiver = await client.acceptSession('ordered', 's4');
    const [message] = await receiver.receiveMessages(1, { maxWaitTimeInMs: 1000 });
    if (message === undefined) throw new Error('no message arrived');

    const messageLock = await receiver.renewMessageLock(message);
    const sessionLock = await sessionReceiver.renewSessionLock();
    await receiver.completeMessage(message);
    await Promise.all([
      receiver.close(),
      sessionReceiver.close(),
      queueSender.close(),
      sessionSender.close(),
    ]);

    expect(messageLock.getTime()).toBeGreaterThan(Date.now());
    expect(sessionLock.getTime()).toBeGreaterThan(Date.now());
  });

  it('cancels a scheduled message before it is due', async () => {
    const sender = client.createSender('work');
    const [sequenceNumber] = await sender.scheduleMessages(
      { body: 'later', messageId: 'cancelled' },
      new Date(Date.now() + 150),
    );
    if (sequenceNumber !== undefined) await sender.cancelScheduledMessages([sequenceNumber]);
    await new Promise((resolve) => setTimeout(resolve, 200));
    await sender.close();

    expect(broker.peek('work')).toEqual([]);
  });

  it('answers management operations it does not implement with an error rather than silence', async () => {
    const receiver = client.createReceiver('work');
    const failure: unknown = await receiver.peekMessages(1).catch((error: unknown) => error);
    await receiver.close();

    expect(failure).toBeInstanceOf(Error);
  });

  it('refuses a link to an entity that was not declared', async () => {
    const sender = client.createSender('nowhere');
    const failure: unknown = await sender.sendMessages({ body: 1 }).catch((error: unknown) => error);
    await sender.close();

    expect(isServiceBusError(failure) && failure.code).toBe('MessagingEntityNotFound');
  });
});
