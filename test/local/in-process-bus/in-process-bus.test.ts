import { afterEach, describe, expect, it } from 'vitest';
import { isSyncError } from '../../../src/core/sync-errors.js';
import type { BusEntitiesInput } from '../../../src/local/in-process-bus/bus-entities.js';
import { createInProcessBus, type InProcessBus } from '../../../src/local/in-process-bus/in-process-bus.js';
import type { BusMessageMetadata } from '../../../src/local/in-process-bus/bus-message.js';

const entities: BusEntitiesInput = {
  queues: [
    { name: 'work', maxDeliveryCount: 3 },
    { name: 'sessions', requiresSession: true, duplicateDetectionWindowMs: 150 },
  ],
  topics: [
    {
      name: 'changes',
      subscriptions: [
        { name: 'target-a', requiresSession: true, correlationFilter: { targetTenantId: 'a' } },
      ],
    },
  ],
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('createInProcessBus', () => {
  let bus: InProcessBus | undefined;
  const start = (options: { maxConcurrentSessions?: number } = {}): InProcessBus => {
    bus = createInProcessBus({ entities, ...options });
    return bus;
  };
  afterEach(async () => {
    await bus?.close();
  });

  it('gives handlers the trigger metadata of the Functions host, deliveryCount 1 on the first delivery', async () => {
    const bus = start();
    const seen: BusMessageMetadata[] = [];
    bus.subscribe('changes/Subscriptions/target-a', (_body, metadata) => {
      seen.push(metadata);
    });

    await bus.send('changes', [
      {
        body: { n: 1 },
        messageId: 'm-1',
        sessionId: 'sync:user',
        applicationProperties: { targetTenantId: 'a', syncId: 'sync' },
        contentType: 'application/json',
        subject: 'upsert',
      },
    ]);
    await bus.whenIdle();

    expect(seen).toEqual([
      {
        messageId: 'm-1',
        sessionId: 'sync:user',
        deliveryCount: 1,
        enqueuedTimeUtc: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/) as unknown,
        sequenceNumber: expect.any(Number) as unknown,
        applicationProperties: { targetTenantId: 'a', syncId: 'sync' },
        contentType: 'application/json',
        subject: 'upsert',
        lockToken: expect.any(String) as unknown,
      },
    ]);
  });

  it('redelivers a message at once when its handler throws, with deliveryCount 2', async () => {
    const bus = start();
    const deliveries: number[] = [];
    bus.subscribe('work', (_body, metadata) => {
      deliveries.push(metadata.deliveryCount);
      if (metadata.deliveryCount === 1) throw new Error('transient');
    });

    await bus.send('work', [{ body: {}, messageId: 'flaky' }]);
    await bus.whenIdle();

    expect(deliveries).toEqual([1, 2]);
    expect(bus.peek('work')).toEqual([]);
  });

  it('dead-letters a message after maxDeliveryCount failed deliveries, with reason MaxDeliveryCountExceeded', async () => {
    const bus = start();
    let deliveries = 0;
    bus.subscribe('work', () => {
      deliveries += 1;
      throw new Error('poison');
    });

    await bus.send('work', [{ body: { poison: true }, messageId: 'poison' }]);
    await bus.whenIdle();

    expect(deliveries).toBe(3);
    expect(bus.peek('work/$DeadLetterQueue')).toEqual([
      expect.objectContaining({
        messageId: 'poison',
        body: { poison: true },
        deadLetterReason: 'MaxDeliveryCountExceeded',
      }),
    ]);
  });

  it('dead-letters a message with the reason its handler gives', async () => {
    const bus = start();
    bus.subscribe('work', (_body, _metadata, settlement) => {
      settlement.deadLetter('MESSAGE.INVALID', 'body does not parse');
    });

    await bus.send('work', [{ body: 'junk', messageId: 'junk' }]);
    await bus.whenIdle();

    expect(bus.peek('work/$DeadLetterQueue')).toEqual([
      expect.objectContaining({
        messageId: 'junk',
        deadLetterReason: 'MESSAGE.INVALID',
        deadLetterErrorDescription: 'body does not parse',
        deliveryCount: 1,
      }),
    ]);
  });

  it('handles sessions in parallel up to maxConcurrentSessions, one message per session at a time, in order', async () => {
    const bus = start({ maxConcurrentSessions: 2 });
    const running = new Map<string, number>();
    let mostSessions = 0;
    let mostInOneSession = 0;
    const order: string[] = [];
    bus.subscribe('sessions', async (body, metadata) => {
      const session = metadata.sessionId ?? '';
      running.set(session, (running.get(session) ?? 0) + 1);
      mostSessions = Math.max(mostSessions, [...running.values()].filter((count) => count > 0).length);
      mostInOneSession = Math.max(mostInOneSession, running.get(session) ?? 0);
      order.push(`${session}:${String(body)}`);
      await sleep(10);
      running.set(session, (running.get(session) ?? 1) - 1);
    });

    await bus.send(
      'sessions',
      ['s1', 's1', 's1', 's2', 's2', 's3'].map((sessionId, i) => ({
        body: i,
        sessionId,
        messageId: `m${String(i)}`,
      })),
    );
    await bus.whenIdle();

    expect(mostSessions).toBe(2);
    expect(mostInOneSession).toBe(1);
    expect(order.filter((entry) => entry.startsWith('s1:'))).toEqual(['s1:0', 's1:1', 's1:2']);
    expect(order).toHaveLength(6);
  });

  it('redelivers an abandoned message before the later messages of its session', async () => {
    const bus = start();
    const order: string[] = [];
    bus.subscribe('sessions', (body, metadata) => {
      order.push(`${String(body)}#${String(metadata.deliveryCount)}`);
      if (body === 1 && metadata.deliveryCount === 1) throw new Error('first try fails');
    });

    await bus.send(
      'sessions',
      [1, 2, 3].map((n) => ({ body: n, sessionId: 's', messageId: `n${String(n)}` })),
    );
    await bus.whenIdle();

    expect(order).toEqual(['1#1', '1#2', '2#1', '3#1']);
  });

  it('drops a message id seen within the duplicate-detection window, and accepts it once the window has passed', async () => {
    const bus = start();
    const message = { body: 'once', sessionId: 's', messageId: 'same' };

    await bus.send('sessions', [message]);
    await bus.send('sessions', [message]);
    const inWindow = bus.peek('sessions').length;
    await sleep(200);
    await bus.send('sessions', [message]);

    expect(inWindow).toBe(1);
    expect(bus.peek('sessions')).toHaveLength(2);
  });

  it('waits in whenIdle for scheduled messages due within the horizon, not for later ones', async () => {
    const bus = start();
    const handled: string[] = [];
    bus.subscribe('work', (body) => {
      handled.push(String(body));
    });
    const now = Date.now();

    await bus.send('work', [
      { body: 'soon', messageId: 'soon', scheduledEnqueueTimeUtc: new Date(now + 100) },
      { body: 'later', messageId: 'later', scheduledEnqueueTimeUtc: new Date(now + 5_000) },
    ]);
    await bus.whenIdle();
    const immediately = [...handled];
    await bus.whenIdle({ horizonMs: 200 });

    expect(immediately).toEqual([]);
    expect(handled).toEqual(['soon']);
    expect(Date.now() - now).toBeGreaterThanOrEqual(95);
  });

  it('waits in whenIdle for messages that handlers send in turn', async () => {
    const bus = start();
    const handled: string[] = [];
    bus.subscribe('work', async (body) => {
      handled.push(String(body));
      if (body === 'first') await bus.send('work', [{ body: 'second', messageId: 'second' }]);
    });

    await bus.send('work', [{ body: 'first', messageId: 'first' }]);
    await bus.whenIdle();

    expect(handled).toEqual(['first', 'second']);
  });

  it('refuses a message without a session id for a session queue, and an unknown entity', async () => {
    const bus = start();

    const noSession: unknown = await bus
      .send('sessions', [{ body: 1, messageId: 'x' }])
      .catch((error: unknown) => error);
    const unknown: unknown = await bus
      .send('nowhere', [{ body: 1, messageId: 'x' }])
      .catch((error: unknown) => error);

    expect(isSyncError(noSession, 'MESSAGE.INVALID')).toBe(true);
    expect(isSyncError(unknown, 'CONFIG.INVALID')).toBe(true);
    expect(bus.peek('sessions')).toEqual([]);
  });

  it('stops delivering scheduled messages once closed', async () => {
    const bus = start();
    const handled: unknown[] = [];
    bus.subscribe('work', (body) => {
      handled.push(body);
    });

    await bus.send('work', [
      { body: 'late', messageId: 'late', scheduledEnqueueTimeUtc: new Date(Date.now() + 50) },
    ]);
    await bus.close();
    await sleep(100);

    expect(handled).toEqual([]);
    await expect(bus.send('work', [{ body: 1, messageId: 'y' }])).rejects.toThrow(/closed/);
  });
});
