/**
 * Turns the engine's change events into change notifications: for every live subscription of the tenant
 * whose resource and change types match (`created` never fires for users), one item in Graph's
 * `changeNotification` shape, subject to the delay, drop and duplicate knobs.
 */
import { randomUUID } from 'node:crypto';
import type { DirectoryChangeEvent } from '../../directory/contract.js';
import type { ServerKnobs } from '../simulator-knobs.js';
import type { NotificationStats } from '../simulator-stats.js';
import type { NotificationDispatcher } from './notification-dispatcher.js';
import type { SubscriptionStore } from './subscription-store.js';

/** What the notifier needs. */
export interface ChangeNotifierOptions {
  readonly store: SubscriptionStore;
  readonly dispatcher: NotificationDispatcher;
  readonly knobs: ServerKnobs;
  readonly stats: NotificationStats;
  readonly random: () => number;
}

/** Returns the listener to register with `directories.onChange`. */
export function createChangeNotifier(options: ChangeNotifierOptions): (event: DirectoryChangeEvent) => void {
  const { store, dispatcher, knobs, stats, random } = options;
  const sequenceNumbers = new Map<string, number>();
  return (event) => {
    for (const subscription of store.matching(event.tenantId, event.userId, event.changeType)) {
      const sequenceNumber = (sequenceNumbers.get(event.tenantId) ?? 0) + 1;
      sequenceNumbers.set(event.tenantId, sequenceNumber);
      if (random() < knobs.dropRate) {
        stats.suppressed += 1;
        continue;
      }
      const item = {
        id: randomUUID(),
        subscriptionId: subscription.id,
        subscriptionExpirationDateTime: new Date(subscription.expiresAt).toISOString(),
        changeType: event.changeType,
        clientState: subscription.clientState ?? null,
        resource: `Users/${event.userId}`,
        tenantId: event.tenantId,
        resourceData: {
          '@odata.type': '#Microsoft.Graph.User',
          '@odata.id': `Users/${event.userId}`,
          id: event.userId,
          organizationId: event.tenantId,
          sequenceNumber,
        },
      };
      const dueAt = Date.now() + knobs.notificationDelayMs;
      dispatcher.enqueue({ url: subscription.notificationUrl, kind: 'change', item, dueAt });
      if (random() < knobs.duplicateRate) {
        stats.duplicated += 1;
        dispatcher.enqueue({ url: subscription.notificationUrl, kind: 'change', item, dueAt: dueAt + 1 });
      }
    }
  };
}
