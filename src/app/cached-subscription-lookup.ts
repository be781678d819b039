/**
 * The webhook looks up a subscription for every notification, inside Graph's 3-second budget. Subscriptions
 * change rarely (created, renewed, removed by this app), so lookups are cached briefly: a hit for
 * `hitTtlMs`, a miss for a shorter `missTtlMs` (a subscription created a moment ago becomes known quickly).
 */
import type { Clock, SubscriptionRecord, SubscriptionStore } from './ports.js';

export interface SubscriptionCacheOptions {
  readonly hitTtlMs: number;
  readonly missTtlMs: number;
  /** Entries kept at most; the oldest go first. */
  readonly maxEntries: number;
}

const defaults: SubscriptionCacheOptions = { hitTtlMs: 30_000, missTtlMs: 5_000, maxEntries: 1_000 };

/** A SubscriptionStore whose `get` is cached; every other call goes straight to `store`. */
export function cacheSubscriptionLookups(
  store: SubscriptionStore,
  clock: Clock,
  options: Partial<SubscriptionCacheOptions> = {},
): SubscriptionStore {
  const settings = { ...defaults, ...options };
  const entries = new Map<string, { readonly record: SubscriptionRecord | null; readonly until: number }>();
  return {
    ...store,
    get: async (subscriptionId) => {
      const now = clock.now().getTime();
      const cached = entries.get(subscriptionId);
      if (cached && cached.until > now) return cached.record;
      const record = await store.get(subscriptionId);
      entries.delete(subscriptionId);
      if (entries.size >= settings.maxEntries) {
        const oldest = entries.keys().next();
        if (!oldest.done) entries.delete(oldest.value);
      }
      entries.set(subscriptionId, { record, until: now + (record ? settings.hitTtlMs : settings.missTtlMs) });
      return record;
    },
  };
}
