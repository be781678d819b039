/**
 * The webhook's use case: trust nothing but a known subscription, its tenant and its client state; turn the
 * rest into drain requests (one per source tenant) and enqueue them. Notifications are triggers, never data:
 * the user ids they name are only hints for the drain to re-check.
 */
import { createHash, randomUUID } from 'node:crypto';
import { isSameClientState } from './client-state.js';
import {
  guidPattern,
  notificationItemSchema,
  notificationTenantId,
  notificationUserId,
  type GraphNotification,
} from './graph-notification.js';
import type { DrainRequest } from './messages.js';
import type { Clock, Logger, SubscriptionRecord, SubscriptionStore, SyncQueue } from './ports.js';

export interface ReceiveNotificationsDeps {
  readonly subscriptions: SubscriptionStore;
  readonly queue: SyncQueue;
  readonly clock: Clock;
  readonly logger: Logger;
}

/** Why a notification was ignored; each one is logged as a security event. */
export type IgnoredReason =
  | 'malformed'
  | 'unknown-subscription'
  | 'too-many-subscriptions'
  | 'tenant-mismatch'
  | 'client-state-mismatch'
  | 'no-change';

/** Subscriptions looked up per request at most: Graph batches by URL, and a real batch names a handful. */
export const maxSubscriptionsPerRequest = 20;

export interface ReceiveNotificationsOutcome {
  readonly accepted: number;
  readonly ignored: Readonly<Partial<Record<IgnoredReason, number>>>;
  readonly drainsEnqueued: number;
}

const lifecycleEvents = new Set(['reauthorizationRequired', 'subscriptionRemoved', 'missed']);

/**
 * Validates each notification against its subscription and enqueues drains.
 *
 * @throws SyncError when the queue cannot take the drains: the webhook must then answer 5xx so Graph retries.
 */
export async function receiveGraphNotifications(
  items: readonly unknown[],
  deps: ReceiveNotificationsDeps,
): Promise<ReceiveNotificationsOutcome> {
  const now = deps.clock.now();
  const lookups = new Map<string, Promise<SubscriptionRecord | null>>();
  const ignored: Partial<Record<IgnoredReason, number>> = {};
  const ignore = (reason: IgnoredReason, notification?: GraphNotification): void => {
    ignored[reason] = (ignored[reason] ?? 0) + 1;
    deps.logger.warn('Graph notification ignored', {
      event: 'security',
      reason,
      subscriptionId: notification?.subscriptionId.slice(0, 64),
      notificationTenantId: notification ? notificationTenantId(notification)?.slice(0, 64) : undefined,
    });
  };

  const changesByTenant = new Map<string, { hints: Set<string>; keys: string[]; complete: boolean }>();
  const drains: DrainRequest[] = [];
  let accepted = 0;

  for (const item of items) {
    const parsed = notificationItemSchema.safeParse(item);
    if (!parsed.success) {
      ignore('malformed');
      continue;
    }
    const notification = parsed.data;
    // Never a table read for an id that cannot be one of ours, and a bounded number of reads per request.
    if (!guidPattern.test(notification.subscriptionId)) {
      ignore('unknown-subscription', notification);
      continue;
    }
    let lookup = lookups.get(notification.subscriptionId);
    if (!lookup) {
      if (lookups.size >= maxSubscriptionsPerRequest) {
        ignore('too-many-subscriptions', notification);
        continue;
      }
      lookup = deps.subscriptions.get(notification.subscriptionId);
      lookups.set(notification.subscriptionId, lookup);
    }
    const subscription = await lookup;
    if (!subscription) {
      ignore('unknown-subscription', notification);
      continue;
    }
    if (notificationTenantId(notification) !== subscription.tenantId) {
      ignore('tenant-mismatch', notification);
      continue;
    }
    if (!isSameClientState(notification.clientState, subscription.clientState)) {
      ignore('client-state-mismatch', notification);
      continue;
    }

    if (notification.lifecycleEvent !== undefined) {
      if (!lifecycleEvents.has(notification.lifecycleEvent)) {
        ignore('no-change', notification);
        continue;
      }
      accepted += 1;
      drains.push({
        kind: 'drain',
        sourceTenantId: subscription.tenantId,
        reason: 'lifecycle',
        hintedUserIds: [],
        notifiedAt: now.toISOString(),
        attempt: 0,
        correlationId: randomUUID(),
        lifecycle: {
          subscriptionId: subscription.id,
          event: notification.lifecycleEvent as 'reauthorizationRequired' | 'subscriptionRemoved' | 'missed',
        },
      });
      continue;
    }
    if (notification.changeType === undefined) {
      ignore('no-change', notification);
      continue;
    }

    accepted += 1;
    const entry = changesByTenant.get(subscription.tenantId) ?? {
      hints: new Set(),
      keys: [],
      complete: true,
    };
    changesByTenant.set(subscription.tenantId, entry);
    const userId = notificationUserId(notification);
    if (userId) entry.hints.add(userId);
    if (notification.id === undefined) entry.complete = false;
    else entry.keys.push(`${notification.subscriptionId}/${notification.id}/${notification.changeType}`);
  }

  for (const [tenantId, entry] of changesByTenant) {
    drains.push({
      kind: 'drain',
      sourceTenantId: tenantId,
      reason: 'notification',
      hintedUserIds: [...entry.hints].slice(0, 1000),
      notifiedAt: now.toISOString(),
      attempt: 0,
      correlationId: randomUUID(),
      // Graph re-sends the same notification ids when it retries a delivery: the broker drops the copy.
      ...(entry.complete && entry.keys.length > 0 ? { dedupeKey: `n:${digest(entry.keys)}` } : {}),
    });
  }

  if (drains.length > 0) await deps.queue.enqueueDrains(drains);
  deps.logger.info('Graph notifications received', {
    accepted,
    ignored: Object.values(ignored).reduce((a, b) => a + b, 0),
    drains: drains.length,
  });
  return { accepted, ignored, drainsEnqueued: drains.length };
}

function digest(keys: readonly string[]): string {
  return createHash('sha256')
    .update([...keys].sort().join('\n'))
    .digest('base64url')
    .slice(0, 43);
}
