import { describe, expect, it } from 'vitest';
import type { GraphNotification } from '../../src/app/graph-notification.js';
import type { SubscriptionRecord } from '../../src/app/ports.js';
import {
  receiveGraphNotifications,
  type ReceiveNotificationsDeps,
} from '../../src/app/receive-graph-notifications.js';
import { SyncError } from '../../src/core/sync-errors.js';
import { sourceUserId, tenantIds } from '../support/builders.js';
import { createInMemoryState } from '../support/fakes/in-memory-state.js';
import { createRecordingSyncQueue } from '../support/fakes/recording-sync-queue.js';
import { createTestClock, createTestLogger } from '../support/test-logger.js';

const subscription: SubscriptionRecord = {
  id: '7f105c7d-2dc5-4530-97cd-4e7ae6534c07',
  tenantId: tenantIds.contoso,
  resource: 'users',
  notificationUrl: 'https://x/api/graph-notifications',
  lifecycleNotificationUrl: 'https://x/api/graph-lifecycle',
  clientState: 'the-secret-client-state',
  expiresAt: '2026-02-01T00:00:00.000Z',
  createdAt: '2026-01-01T00:00:00.000Z',
  renewedAt: '2026-01-01T00:00:00.000Z',
};

async function setup() {
  const state = createInMemoryState();
  await state.subscriptions.save(subscription);
  const queue = createRecordingSyncQueue();
  const log = createTestLogger();
  const deps: ReceiveNotificationsDeps = {
    subscriptions: state.subscriptions,
    queue,
    clock: createTestClock(),
    logger: log.logger,
  };
  return { queue, log, deps };
}

function notification(overrides: Partial<GraphNotification> = {}): GraphNotification {
  return {
    id: 'n-1',
    subscriptionId: subscription.id,
    clientState: subscription.clientState,
    changeType: 'updated',
    resource: `Users/${sourceUserId}`,
    tenantId: tenantIds.contoso,
    resourceData: { id: sourceUserId },
    ...overrides,
  };
}

describe('receiveGraphNotifications', () => {
  it('enqueues one drain per source tenant with the notified users as hints', async () => {
    const { queue, deps } = await setup();
    const other = 'abcdefab-0000-4000-8000-000000000002';
    const outcome = await receiveGraphNotifications(
      [notification(), notification({ id: 'n-2', resourceData: { id: other }, resource: `users/${other}` })],
      deps,
    );
    expect(outcome).toMatchObject({ accepted: 2, drainsEnqueued: 1 });
    expect(queue.drains).toHaveLength(1);
    expect(queue.drains[0]).toMatchObject({
      sourceTenantId: tenantIds.contoso,
      reason: 'notification',
      hintedUserIds: [sourceUserId, other],
    });
  });

  it('gives the same dedupe key to the same notifications delivered again', async () => {
    const { queue, deps } = await setup();
    await receiveGraphNotifications([notification()], deps);
    await receiveGraphNotifications([notification()], deps);
    expect(queue.drains[0]?.dedupeKey).toBeDefined();
    expect(queue.drains[1]?.dedupeKey).toBe(queue.drains[0]?.dedupeKey);
  });

  it('ignores a forged client state, a wrong tenant and an unknown subscription, and logs each as a security event', async () => {
    const { queue, log, deps } = await setup();
    const outcome = await receiveGraphNotifications(
      [
        notification({ clientState: 'guess' }),
        notification({ tenantId: tenantIds.fabrikam }),
        notification({ subscriptionId: '00000000-0000-4000-8000-0000000000aa' }),
      ],
      deps,
    );
    expect(outcome.accepted).toBe(0);
    expect(outcome.ignored).toEqual({
      'client-state-mismatch': 1,
      'tenant-mismatch': 1,
      'unknown-subscription': 1,
    });
    expect(queue.drains).toEqual([]);
    expect(log.entries.filter((e) => e.fields.event === 'security')).toHaveLength(3);
    expect(log.text()).not.toContain(subscription.clientState);
    expect(log.text()).not.toContain('guess');
  });

  it('ignores a malformed item or a non-GUID subscription id without losing the valid items of the batch', async () => {
    const { queue, deps } = await setup();
    const outcome = await receiveGraphNotifications(
      [{ changeType: 'updated' }, notification({ subscriptionId: "x' or 1=1" }), notification()],
      deps,
    );
    expect(outcome.accepted).toBe(1);
    expect(outcome.ignored).toEqual({ malformed: 1, 'unknown-subscription': 1 });
    expect(queue.drains).toHaveLength(1);
  });

  it('looks up a bounded number of subscriptions per request', async () => {
    const { deps } = await setup();
    let reads = 0;
    const counting = {
      ...deps,
      subscriptions: {
        ...deps.subscriptions,
        get: (id: string) => ((reads += 1), deps.subscriptions.get(id)),
      },
    };
    const many = Array.from({ length: 50 }, (_, i) =>
      notification({ subscriptionId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}` }),
    );
    const outcome = await receiveGraphNotifications(many, counting);
    expect(reads).toBe(20);
    expect(outcome.ignored['too-many-subscriptions']).toBe(30);
  });

  it('reads the tenant from resourceData.organizationId when tenantId is absent', async () => {
    const { queue, deps } = await setup();
    await receiveGraphNotifications(
      [
        notification({
          tenantId: undefined,
          resourceData: { id: sourceUserId, organizationId: tenantIds.contoso.toUpperCase() },
        }),
      ],
      deps,
    );
    expect(queue.drains).toHaveLength(1);
  });

  it('turns a lifecycle event into a lifecycle drain for its subscription', async () => {
    const { queue, deps } = await setup();
    await receiveGraphNotifications(
      [
        {
          subscriptionId: subscription.id,
          clientState: subscription.clientState,
          tenantId: tenantIds.contoso,
          lifecycleEvent: 'reauthorizationRequired',
        },
      ],
      deps,
    );
    expect(queue.drains[0]).toMatchObject({
      reason: 'lifecycle',
      lifecycle: { subscriptionId: subscription.id, event: 'reauthorizationRequired' },
    });
  });

  it('fails when the queue cannot take the drain, so Graph retries the delivery', async () => {
    const { queue, deps } = await setup();
    queue.failWith(new SyncError('BUS.UNAVAILABLE', 'down', { retryable: true }));
    await expect(receiveGraphNotifications([notification()], deps)).rejects.toMatchObject({
      code: 'BUS.UNAVAILABLE',
    });
  });
});
