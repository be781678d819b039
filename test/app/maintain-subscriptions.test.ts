import { describe, expect, it } from 'vitest';
import {
  ensureSourceSubscription,
  handleSubscriptionLifecycle,
  renewBeforeMs,
  type SubscriptionDeps,
} from '../../src/app/maintain-subscriptions.js';
import type { GraphSubscription, SubscriptionGateway, SubscriptionRequest } from '../../src/app/ports.js';
import { tenantIds } from '../support/builders.js';
import { createInMemoryState } from '../support/fakes/in-memory-state.js';
import { createTestClock, createTestLogger } from '../support/test-logger.js';

function fakeGateway() {
  const live = new Map<string, GraphSubscription & { tenantId: string; clientState: string }>();
  let next = 0;
  const gateway: SubscriptionGateway = {
    create: (tenantId, request: SubscriptionRequest) => {
      next += 1;
      const created = {
        id: `sub-${next}`,
        tenantId,
        clientState: request.clientState,
        resource: 'users',
        changeType: 'updated,deleted',
        notificationUrl: request.notificationUrl,
        lifecycleNotificationUrl: request.lifecycleNotificationUrl,
        expirationDateTime: request.expirationDateTime.toISOString(),
      };
      live.set(created.id, created);
      return Promise.resolve(created);
    },
    renew: (_tenantId, id, expiration) => {
      const found = live.get(id);
      if (!found) return Promise.resolve(null);
      const renewed = { ...found, expirationDateTime: expiration.toISOString() };
      live.set(id, renewed);
      return Promise.resolve(renewed);
    },
    reauthorize: (_tenantId, id) => Promise.resolve(live.has(id)),
    delete: (_tenantId, id) => Promise.resolve(live.delete(id)),
    list: () => Promise.resolve([...live.values()]),
  };
  return { gateway, live };
}

function setup() {
  const clock = createTestClock();
  const state = createInMemoryState({ clock });
  const { gateway, live } = fakeGateway();
  const log = createTestLogger();
  const deps: SubscriptionDeps = {
    subscriptions: state.subscriptions,
    gateway,
    clock,
    logger: log.logger,
    publicBaseUrl: 'https://xtsync.example.net',
  };
  return { clock, state, live, log, deps };
}

describe('ensureSourceSubscription', () => {
  it('creates a subscription with a fresh secret client state and keeps it out of the logs', async () => {
    const { live, log, deps } = setup();
    const { action, record } = await ensureSourceSubscription(tenantIds.contoso, deps);
    expect(action).toBe('created');
    expect(record.notificationUrl).toBe('https://xtsync.example.net/api/graph-notifications');
    expect(record.lifecycleNotificationUrl).toBe('https://xtsync.example.net/api/graph-lifecycle');
    expect(record.clientState).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(live.get(record.id)?.clientState).toBe(record.clientState);
    expect(log.text()).not.toContain(record.clientState);
  });

  it('keeps a subscription with plenty of time left, renews one nearing expiry', async () => {
    const { clock, deps } = setup();
    const created = await ensureSourceSubscription(tenantIds.contoso, deps);
    expect((await ensureSourceSubscription(tenantIds.contoso, deps)).action).toBe('kept');
    clock.set(new Date(Date.parse(created.record.expiresAt) - renewBeforeMs + 60_000).toISOString());
    const renewed = await ensureSourceSubscription(tenantIds.contoso, deps);
    expect(renewed.action).toBe('renewed');
    expect(Date.parse(renewed.record.expiresAt)).toBeGreaterThan(Date.parse(created.record.expiresAt));
  });

  it('recreates a subscription Graph no longer has', async () => {
    const { clock, live, deps } = setup();
    const created = await ensureSourceSubscription(tenantIds.contoso, deps);
    live.clear();
    clock.set(new Date(Date.parse(created.record.expiresAt) - 60_000).toISOString());
    const again = await ensureSourceSubscription(tenantIds.contoso, deps);
    expect(again.action).toBe('recreated');
    expect(again.record.id).not.toBe(created.record.id);
  });

  it('replaces a subscription that points at an old address', async () => {
    const { live, deps } = setup();
    const old = await ensureSourceSubscription(tenantIds.contoso, {
      ...deps,
      publicBaseUrl: 'https://old.example.net',
    });
    const current = await ensureSourceSubscription(tenantIds.contoso, deps);
    expect(current.action).toBe('created');
    expect(live.has(old.record.id)).toBe(false);
  });
});

describe('handleSubscriptionLifecycle', () => {
  it('renews on reauthorizationRequired', async () => {
    const { clock, state, deps } = setup();
    const { record } = await ensureSourceSubscription(tenantIds.contoso, deps);
    clock.advance(3_600_000);
    await handleSubscriptionLifecycle(
      { subscriptionId: record.id, event: 'reauthorizationRequired' },
      tenantIds.contoso,
      deps,
    );
    const stored = await state.subscriptions.get(record.id);
    expect(stored?.renewedAt).toBe(clock.now().toISOString());
  });

  it('recreates on subscriptionRemoved', async () => {
    const { state, deps } = setup();
    const { record } = await ensureSourceSubscription(tenantIds.contoso, deps);
    await handleSubscriptionLifecycle(
      { subscriptionId: record.id, event: 'subscriptionRemoved' },
      tenantIds.contoso,
      deps,
    );
    const records = await state.subscriptions.listByTenant(tenantIds.contoso);
    expect(records.map((r) => r.id)).not.toContain(record.id);
    expect(records).toHaveLength(1);
  });
});
