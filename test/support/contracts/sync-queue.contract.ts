/**
 * The SyncQueue contract: what a consumer of `source-changes` and of the `target-<key>` subscriptions sees
 * after xtsync sends. Run against the in-process bus and against the Service Bus adapter on the real SDK
 * talking to the AMQP broker fixture; both must pass the same assertions.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { drainMessageId, targetChangeMessageId, targetChangeSessionId } from '../../../src/app/messages.js';
import type { SyncQueue } from '../../../src/app/ports.js';
import { isSyncError } from '../../../src/core/sync-errors.js';
import type { BusEntitiesInput } from '../../../src/local/in-process-bus/bus-entities.js';
import { declareSyncEntities } from '../../../src/local/in-process-bus/sync-entities.js';
import { aDrainRequest, aTargetChange, aUserId, tenants } from './sync-queue-messages.js';

/** A message as a consumer received it. */
export interface ReceivedSyncMessage {
  readonly body: unknown;
  readonly messageId: string;
  readonly sessionId: string | undefined;
  readonly applicationProperties: Readonly<Record<string, unknown>>;
  readonly contentType: string | undefined;
  readonly subject: string | undefined;
  /** `Date.now()` when the consumer got it. */
  readonly receivedAt: number;
}

/** How long and for how many messages to wait. */
export interface ReceiveOptions {
  /** Stop once this many messages arrived. */
  readonly count: number;
  /** Stop at this point even with fewer. */
  readonly timeoutMs: number;
}

/** One transport under test: the queue to send with, a consumer to see what arrived, and cleanup. */
export interface SyncQueueHarness {
  readonly queue: SyncQueue;
  /** Receives (and completes) messages from a queue or `topic/Subscriptions/sub` path, in arrival order. */
  receive(entityPath: string, options: ReceiveOptions): Promise<readonly ReceivedSyncMessage[]>;
  close(): Promise<void>;
}

/** Entity names the contract uses; a harness must declare exactly {@link syncQueueContractEntities}. */
export const contractNames = {
  sourceQueueName: 'source-changes',
  targetTopicName: 'target-changes',
  subscriptionA: 'target-changes/Subscriptions/target-a',
  subscriptionB: 'target-changes/Subscriptions/target-b',
} as const;

/** `source-changes` plus `target-changes` with subscriptions `target-a` and `target-b`, as in Azure. */
export const syncQueueContractEntities: BusEntitiesInput = declareSyncEntities({
  sourceQueueName: contractNames.sourceQueueName,
  targetTopicName: contractNames.targetTopicName,
  targets: [
    { key: 'a', tenantId: tenants.targetA },
    { key: 'b', tenantId: tenants.targetB },
  ],
});

/** Long enough for a local transport to deliver anything it was going to: used to assert "nothing came". */
const quiet = { count: 1, timeoutMs: 300 } as const;

/** Registers the contract suite for one transport. `createHarness` runs before every test. */
export function runSyncQueueContract(name: string, createHarness: () => Promise<SyncQueueHarness>): void {
  describe(`SyncQueue contract: ${name}`, () => {
    let harness: SyncQueueHarness;
    beforeEach(async () => {
      harness = await createHarness();
    });
    afterEach(async () => {
      await harness.close();
    });

    it('delivers drains on the source queue in the session of their source tenant, under the drain message id', async () => {
      const fromA = aDrainRequest();
      const fromB = aDrainRequest({
        sourceTenantId: tenants.sourceB,
        dedupeKey: undefined,
        correlationId: 'c-b',
      });
      await harness.queue.enqueueDrains([fromA, fromB]);

      const received = await harness.receive(contractNames.sourceQueueName, { count: 2, timeoutMs: 5000 });

      const bySession = new Map(received.map((message) => [message.sessionId, message]));
      expect(bySession.get(tenants.sourceA)).toMatchObject({
        messageId: drainMessageId(fromA),
        body: fromA,
        applicationProperties: { sourceTenantId: tenants.sourceA },
        contentType: 'application/json',
        subject: 'drain',
      });
      expect(bySession.get(tenants.sourceB)).toMatchObject({ messageId: drainMessageId(fromB), body: fromB });
    });

    it('routes each target change only to the subscription of its target tenant', async () => {
      const forA = aTargetChange();
      const forB = aTargetChange({ targetTenantId: tenants.targetB, syncId: 'a-to-c' });
      await harness.queue.publishTargetChanges([forA, forB]);

      const onA = await harness.receive(contractNames.subscriptionA, { count: 2, timeoutMs: 300 });
      const onB = await harness.receive(contractNames.subscriptionB, { count: 2, timeoutMs: 300 });

      expect(onA.map((message) => message.body)).toEqual([forA]);
      expect(onA[0]).toMatchObject({
        messageId: targetChangeMessageId(forA),
        sessionId: targetChangeSessionId(forA),
        applicationProperties: { targetTenantId: tenants.targetA, syncId: 'a-to-b' },
        contentType: 'application/json',
        subject: 'upsert',
      });
      expect(onB.map((message) => message.body)).toEqual([forB]);
      expect(onB[0]?.applicationProperties).toMatchObject({
        targetTenantId: tenants.targetB,
        syncId: 'a-to-c',
      });
    });

    it("keeps one user's changes in the order they were published", async () => {
      const versions = [1, 2, 3, 4, 5];
      const first = versions.map((v) => aTargetChange({ sourceVersion: v }));
      const second = versions.map((v) => aTargetChange({ sourceUserId: aUserId(2), sourceVersion: v }));
      await harness.queue.publishTargetChanges(first.flatMap((change, i) => [change, second[i] ?? change]));

      const received = await harness.receive(contractNames.subscriptionA, { count: 10, timeoutMs: 5000 });

      for (const user of [aUserId(1), aUserId(2)]) {
        const seen = received
          .filter((message) => message.sessionId === `a-to-b:${user}`)
          .map((message) => (message.body as { sourceVersion: number }).sourceVersion);
        expect(seen).toEqual(versions);
      }
    });

    it('drops a second publish of the same message id', async () => {
      const change = aTargetChange();
      await harness.queue.publishTargetChanges([change]);
      await harness.queue.publishTargetChanges([change]);

      const received = await harness.receive(contractNames.subscriptionA, { count: 2, timeoutMs: 300 });

      expect(received.map((message) => message.messageId)).toEqual([targetChangeMessageId(change)]);
    });

    it('delivers all 300 target changes of one call, however many batches the size limit needs', async () => {
      // 10 users with 30 versions each: many batches, few sessions for a consumer to visit.
      const changes = Array.from({ length: 300 }, (_, i) =>
        aTargetChange({ sourceUserId: aUserId(100 + (i % 10)), sourceVersion: Math.floor(i / 10) + 1 }),
      );
      await harness.queue.publishTargetChanges(changes);

      const received = await harness.receive(contractNames.subscriptionA, { count: 300, timeoutMs: 15_000 });

      expect(new Set(received.map((message) => message.messageId))).toEqual(
        new Set(changes.map(targetChangeMessageId)),
      );
    });

    it('holds scheduled messages until their time', async () => {
      const drainAt = new Date(Date.now() + 200);
      const changeAt = new Date(Date.now() + 200);
      await harness.queue.scheduleDrain(aDrainRequest({ attempt: 1 }), drainAt);
      await harness.queue.scheduleTargetChange(aTargetChange({ attempt: 1 }), changeAt);

      const [drain] = await harness.receive(contractNames.sourceQueueName, { count: 1, timeoutMs: 5000 });
      const [change] = await harness.receive(contractNames.subscriptionA, { count: 1, timeoutMs: 5000 });

      // Timers may round a millisecond early; a queue that ignored the schedule would be ~200 ms early.
      expect(drain?.receivedAt).toBeGreaterThanOrEqual(drainAt.getTime() - 5);
      expect(drain?.body).toMatchObject({ attempt: 1, kind: 'drain' });
      expect(change?.receivedAt).toBeGreaterThanOrEqual(changeAt.getTime() - 5);
      expect(change?.messageId).toBe(targetChangeMessageId(aTargetChange({ attempt: 1 })));
    });

    it('refuses a message over the size limit with BUS.MESSAGE_TOO_LARGE and sends nothing', async () => {
      const huge = aTargetChange({
        desired: { ...aTargetChange().desired, attributes: { aboutMe: 'x'.repeat(300 * 1024) } },
      });

      const failure: unknown = await harness.queue
        .publishTargetChanges([huge])
        .catch((error: unknown) => error);

      expect(isSyncError(failure, 'BUS.MESSAGE_TOO_LARGE')).toBe(true);
      expect(isSyncError(failure) && failure.retryable).toBe(false);
      expect(await harness.receive(contractNames.subscriptionA, quiet)).toEqual([]);
    });

    it('refuses a message that breaks its schema with MESSAGE.INVALID', async () => {
      const failure: unknown = await harness.queue
        .enqueueDrains([aDrainRequest({ sourceTenantId: 'not-a-guid' })])
        .catch((error: unknown) => error);

      expect(isSyncError(failure, 'MESSAGE.INVALID')).toBe(true);
    });
  });
}
