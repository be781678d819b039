/**
 * Keeps exactly one live Graph subscription on `/users` per source tenant: create it (with a fresh random
 * client state, kept out of logs), renew it well before its < 29-day lifetime ends, recreate it when Graph
 * lost it, and drop the ones of tenants that are no longer sources.
 */
import { newClientState } from './client-state.js';
import type { Clock, Logger, SubscriptionGateway, SubscriptionRecord, SubscriptionStore } from './ports.js';

/** Graph allows 41,760 minutes for directory resources; stay a little under it. */
export const subscriptionLifetimeMs = 41_000 * 60_000;
/** Renew once less than this remains (half the lifetime), leaving days to recover from failures. */
export const renewBeforeMs = 14 * 24 * 60 * 60_000;

export interface SubscriptionDeps {
  readonly subscriptions: SubscriptionStore;
  readonly gateway: SubscriptionGateway;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Public base URL of this app; notification and lifecycle URLs hang off it. */
  readonly publicBaseUrl: string;
}

export type SubscriptionAction = 'created' | 'renewed' | 'kept' | 'recreated';

/** The URLs Graph calls for this deployment. */
export function notificationUrls(publicBaseUrl: string): {
  notificationUrl: string;
  lifecycleNotificationUrl: string;
} {
  return {
    notificationUrl: `${publicBaseUrl}/api/graph-notifications`,
    lifecycleNotificationUrl: `${publicBaseUrl}/api/graph-lifecycle`,
  };
}

/** Makes sure `tenantId` has a live subscription; returns what was done and the record. */
export async function ensureSourceSubscription(
  tenantId: string,
  deps: SubscriptionDeps,
): Promise<{ action: SubscriptionAction; record: SubscriptionRecord }> {
  const now = deps.clock.now();
  const urls = notificationUrls(deps.publicBaseUrl);
  const records = await deps.subscriptions.listByTenant(tenantId);
  const current = records.find(
    (record) =>
      record.notificationUrl === urls.notificationUrl && Date.parse(record.expiresAt) > now.getTime(),
  );
  // Subscriptions pointing elsewhere (an old host name) or already expired are removed.
  for (const stale of records.filter((record) => record !== current)) await removeSubscription(stale, deps);

  if (current) {
    if (Date.parse(current.expiresAt) - now.getTime() > renewBeforeMs)
      return { action: 'kept', record: current };
    const renewed = await renewSubscription(current, deps);
    if (renewed) return { action: 'renewed', record: renewed };
    await deps.subscriptions.delete(current.tenantId, current.id);
    return { action: 'recreated', record: await createSubscription(tenantId, deps) };
  }
  return { action: 'created', record: await createSubscription(tenantId, deps) };
}

/** Renews (and thereby reauthorizes) a subscription; null when Graph no longer has it. */
export async function renewSubscription(
  record: SubscriptionRecord,
  deps: SubscriptionDeps,
): Promise<SubscriptionRecord | null> {
  const now = deps.clock.now();
  const renewed = await deps.gateway.renew(
    record.tenantId,
    record.id,
    new Date(now.getTime() + subscriptionLifetimeMs),
  );
  if (!renewed) return null;
  const next: SubscriptionRecord = {
    ...record,
    expiresAt: renewed.expirationDateTime,
    renewedAt: now.toISOString(),
  };
  await deps.subscriptions.save(next);
  deps.logger.info('Graph subscription renewed', {
    tenantId: record.tenantId,
    subscriptionId: record.id,
    expiresAt: next.expiresAt,
  });
  return next;
}

/** Deletes a subscription at Graph (gone is fine) and forgets it. */
export async function removeSubscription(record: SubscriptionRecord, deps: SubscriptionDeps): Promise<void> {
  await deps.gateway.delete(record.tenantId, record.id);
  await deps.subscriptions.delete(record.tenantId, record.id);
  deps.logger.info('Graph subscription removed', { tenantId: record.tenantId, subscriptionId: record.id });
}

async function createSubscription(tenantId: string, deps: SubscriptionDeps): Promise<SubscriptionRecord> {
  const now = deps.clock.now();
  const clientState = newClientState();
  const urls = notificationUrls(deps.publicBaseUrl);
  const created = await deps.gateway.create(tenantId, {
    ...urls,
    clientState,
    expirationDateTime: new Date(now.getTime() + subscriptionLifetimeMs),
  });
  const record: SubscriptionRecord = {
    id: created.id,
    tenantId,
    resource: created.resource,
    notificationUrl: created.notificationUrl,
    lifecycleNotificationUrl: created.lifecycleNotificationUrl ?? urls.lifecycleNotificationUrl,
    clientState,
    expiresAt: created.expirationDateTime,
    createdAt: now.toISOString(),
    renewedAt: now.toISOString(),
  };
  await deps.subscriptions.save(record);
  deps.logger.info('Graph subscription created', {
    tenantId,
    subscriptionId: created.id,
    expiresAt: record.expiresAt,
  });
  return record;
}

/**
 * Acts on a lifecycle event (graph-api.md §1.5): `reauthorizationRequired` → renew (which reauthorizes);
 * `subscriptionRemoved` or a failed renewal → recreate; `missed` needs only the delta read that follows.
 */
export async function handleSubscriptionLifecycle(
  lifecycle: {
    readonly subscriptionId: string;
    readonly event: 'reauthorizationRequired' | 'subscriptionRemoved' | 'missed';
  },
  tenantId: string,
  deps: SubscriptionDeps,
): Promise<void> {
  if (lifecycle.event === 'missed') return;
  const record = await deps.subscriptions.get(lifecycle.subscriptionId);
  if (record && lifecycle.event === 'reauthorizationRequired' && (await renewSubscription(record, deps)))
    return;
  if (record) await deps.subscriptions.delete(record.tenantId, record.id);
  await ensureSourceSubscription(tenantId, deps);
}
