import { afterEach, describe, expect, it } from 'vitest';
import { createInProcessBus, type InProcessBus } from '../../../src/local/in-process-bus/in-process-bus.js';
import { createInProcessBusProbe } from '../../../src/local/in-process-bus/in-process-bus-probe.js';
import { declareSyncEntities } from '../../../src/local/in-process-bus/sync-entities.js';

function aBus(): InProcessBus {
  return createInProcessBus({
    entities: declareSyncEntities({
      sourceQueueName: 'source-changes',
      targetTopicName: 'target-changes',
      targets: [{ key: 'fabrikam', tenantId: '22222222-2222-4222-8222-222222222222' }],
    }),
  });
}

describe('createInProcessBusProbe', () => {
  let bus: InProcessBus | undefined;
  afterEach(async () => {
    await bus?.close();
  });

  it('finds the declared queue, topic and target subscription', async () => {
    bus = aBus();
    const probe = createInProcessBusProbe(bus);

    expect(await probe.probeEntity({ kind: 'queue', name: 'source-changes' })).toEqual({
      ok: true,
      detail: 'The in-process bus declares queue source-changes (0 messages waiting).',
    });
    expect(await probe.probeEntity({ kind: 'topic', name: 'target-changes' })).toMatchObject({ ok: true });
    expect(
      await probe.probeEntity({
        kind: 'subscription',
        topicName: 'target-changes',
        subscriptionName: 'target-fabrikam',
      }),
    ).toMatchObject({ ok: true });
  });

  it('reports a target subscription that XTSYNC_TARGETS did not declare as missing', async () => {
    bus = aBus();

    const result = await createInProcessBusProbe(bus).probeEntity({
      kind: 'subscription',
      topicName: 'target-changes',
      subscriptionName: 'target-tailspin',
    });

    expect(result).toMatchObject({
      ok: false,
      problem: 'missing',
      message: expect.stringContaining('target-tailspin') as unknown,
    });
  });

  it('reports a closed bus as unreachable', async () => {
    const closed = aBus();
    await closed.close();

    const result = await createInProcessBusProbe(closed).probeEntity({
      kind: 'queue',
      name: 'source-changes',
    });

    expect(result).toMatchObject({
      ok: false,
      problem: 'unreachable',
      message: expect.stringContaining('closed') as unknown,
    });
  });
});
