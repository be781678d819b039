/**
 * Live change-notification subscriptions. Expiry is judged on the simulator clock at every read, so an
 * expired subscription simply disappears (404 on read, no more notifications), as in Graph.
 */
import type { SimulatorClock } from '../../directory/contract.js';

/** Change types a subscription may ask for. */
export type SubscriptionChangeType = 'created' | 'updated' | 'deleted';

/** A stored subscription. */
export interface Subscription {
  readonly id: string;
  readonly tenantId: string;
  readonly appId: string;
  /** The creating app's service principal id (`creatorId` in Graph's body). */
  readonly creatorId: string;
  /** The resource as the client gave it (`users`, `/users`, `users/{id}`). */
  readonly resource: string;
  /** The user id when the resource names one user, lower-case. */
  readonly userId?: string;
  readonly changeTypes: readonly SubscriptionChangeType[];
  notificationUrl: string;
  readonly lifecycleNotificationUrl?: string;
  /** Simulator-clock milliseconds. */
  expiresAt: number;
  readonly clientState?: string;
  readonly latestSupportedTlsVersion: string;
}

/** The subscriptions of every tenant. */
export interface SubscriptionStore {
  add(subscription: Subscription): void;
  /** The live subscription with this id, or undefined (unknown or expired). */
  get(id: string): Subscription | undefined;
  remove(id: string): boolean;
  /** Live subscriptions, optionally only those of an app and/or a tenant. */
  list(filter?: { readonly appId?: string; readonly tenantId?: string }): readonly Subscription[];
  /** Live subscriptions of a tenant that want this change of this user. */
  matching(tenantId: string, userId: string, changeType: SubscriptionChangeType): readonly Subscription[];
  clear(): void;
}

/** Creates an empty store judging expiry with `clock`. */
export function createSubscriptionStore(clock: SimulatorClock): SubscriptionStore {
  const subscriptions = new Map<string, Subscription>();
  const evictExpired = (): void => {
    const now = clock.now();
    for (const [id, subscription] of subscriptions) {
      if (subscription.expiresAt <= now) subscriptions.delete(id);
    }
  };
  const list: SubscriptionStore['list'] = (filter = {}) => {
    evictExpired();
    return [...subscriptions.values()].filter(
      (s) =>
        (filter.appId === undefined || s.appId === filter.appId.toLowerCase()) &&
        (filter.tenantId === undefined || s.tenantId === filter.tenantId.toLowerCase()),
    );
  };
  return {
    add: (subscription) => {
      subscriptions.set(subscription.id, subscription);
    },
    get: (id) => {
      evictExpired();
      return subscriptions.get(id.toLowerCase());
    },
    remove: (id) => subscriptions.delete(id.toLowerCase()),
    list,
    matching: (tenantId, userId, changeType) =>
      list({ tenantId }).filter(
        (s) =>
          s.changeTypes.includes(changeType) && (s.userId === undefined || s.userId === userId.toLowerCase()),
      ),
    clear: () => {
      subscriptions.clear();
    },
  };
}
