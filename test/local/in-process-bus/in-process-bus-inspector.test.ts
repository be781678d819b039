import { afterEach, describe, expect, it } from 'vitest';
import type { TargetChange } from '../../../src/app/messages.js';
import { createInProcessBus, type InProcessBus } from '../../../src/local/in-process-bus/in-process-bus.js';
import { createInProcessBusInspector } from '../../../src/local/in-process-bus/in-process-bus-inspector.js';
import { createInProcessSyncQueue } from '../../../src/local/in-process-bus/in-process-sync-queue.js';
import { declareSyncEntities } from '../../../src/local/in-process-bus/sync-entities.js';
import { aRemoval, userId } from '../../support/contracts/safety-samples.js';

const fabrikam = '22222222-2222-4222-8222-222222222222';
const names = { sourceQueueName: 'source-changes', targetTopicName: 'target-changes' };
const subscription = 'target-changes/Subscriptions/target-fabrikam';

describe('createInProcessBusInspector', () => {
  let bus: InProcessBus | undefined;
  afterEach(async () => {
    await bus?.close();
  });

  function setup() {
    const created = createInProcessBus({
      entities: declareSyncEntities({
        ...names,
        targets: [{ key: 'fabrikam', tenantId: fabrikam }],
        maxDeliveryCount: 1,
      }),
    });
    bus = created;
    const queue = createInProcessSyncQueue(created, names);
    const inspector = createInProcessBusInspector(created, {
      ...names,
      targets: [{ key: 'fabrikam', tenantId: fabrikam }],
    });
    const change = (n: number, syncId: string): TargetChange =>
      aRemoval(userId(n), { syncId, targetTenantId: fabrikam });
    return { bus: created, queue, inspector, change };
  }

  it('counts the changes waiting for a target per sync', async () => {
    const { queue, inspector, change } = setup();
    await queue.publishTargetChanges([change(1, 'a-to-f'), change(2, 'a-to-f'), change(3, 'b-to-f')]);

    expect(await inspector.targetBacklog(fabrikam)).toEqual({ 'a-to-f': 2, 'b-to-f': 1 });
    expect(await inspector.targetBacklog('99999999-9999-4999-8999-999999999999')).toEqual({});
  });

  it('counts dead letters per entity and sync, and resubmits only the chosen sync', async () => {
    const { bus: created, queue, inspector, change } = setup();
    const detach = created.subscribe(subscription, () => {
      throw new Error('the target refuses');
    });
    await queue.publishTargetChanges([change(1, 'a-to-f'), change(2, 'a-to-f'), change(3, 'b-to-f')]);
    await created.whenIdle();
    detach();

    expect(await inspector.deadLetterCounts()).toEqual([
      { entity: 'source-changes', targetTenantId: null, total: 0, bySync: {} },
      { entity: subscription, targetTenantId: fabrikam, total: 3, bySync: { 'a-to-f': 2, 'b-to-f': 1 } },
    ]);

    const resubmitted = await inspector.resubmitDeadLetters({
      kind: 'target',
      targetTenantId: fabrikam,
      syncId: 'a-to-f',
    });

    expect(resubmitted).toBe(2);
    expect(await inspector.targetBacklog(fabrikam)).toEqual({ 'a-to-f': 2 });
    const replayed = created.peek(subscription);
    expect(replayed.map((message) => message.deliveryCount)).toEqual([0, 0]);
    expect(replayed.every((message) => message.messageId.includes(':replay:'))).toBe(true);
    expect((await inspector.deadLetterCounts())[1]).toMatchObject({ total: 1, bySync: { 'b-to-f': 1 } });
  });

  it('resubmits the dead letters of the drain queue', async () => {
    const { bus: created, inspector } = setup();
    created.subscribe('source-changes', () => {
      throw new Error('cannot drain');
    });
    await created.send('source-changes', [{ body: { kind: 'drain' }, messageId: 'd-1', sessionId: 's' }]);
    await created.whenIdle();

    expect(await inspector.resubmitDeadLetters({ kind: 'source-changes' })).toBe(1);
    await created.whenIdle();
    expect((await inspector.deadLetterCounts())[0]).toMatchObject({ entity: 'source-changes', total: 1 });
  });
});
