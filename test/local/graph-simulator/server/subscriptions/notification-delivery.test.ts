import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSeededRandom } from '../../../../../src/local/graph-simulator/server/seeded-random.js';
import type { GraphSimulator } from '../../../../../src/local/graph-simulator/server/simulator-server.js';
import { startNotificationReceiver, type NotificationReceiver } from '../notification-receiver.js';
import { getAdminToken, startTestGraphSimulator } from '../../../../support/graph-simulator.js';

const contosoId = '11111111-1111-4111-8111-111111111111';
const user = (n: number): string => `10000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

describe('notification delivery', () => {
  let sim: GraphSimulator;
  let receiver: NotificationReceiver;
  let token: string;
  let subscriptionId: string;

  beforeAll(async () => {
    [sim, receiver] = await Promise.all([
      startTestGraphSimulator({
        random: createSeededRandom(3),
        delivery: { timeoutMs: 300, initialRetryDelayMs: 40, maxRetryDelayMs: 160, maxRetryDurationMs: 600 },
      }),
      startNotificationReceiver(),
    ]);
    token = await getAdminToken(sim, 'contoso');
    const response = await graph('POST', '/subscriptions', {
      changeType: 'updated,deleted',
      notificationUrl: `${receiver.baseUrl}/notify?code=k`,
      lifecycleNotificationUrl: `${receiver.baseUrl}/lifecycle`,
      resource: 'users',
      expirationDateTime: new Date(Date.now() + 3_600_000).toISOString(),
      clientState: 'state-123',
    });
    subscriptionId = ((await response.json()) as { id: string }).id;
  });
  beforeEach(async () => {
    // Let the previous test's deliveries finish their accounting before the counters are reset.
    await receiver.waitFor(() => {
      const { queued, delivered, dropped } = sim.stats.snapshot().notifications;
      return delivered + dropped >= queued;
    });
    receiver.posts.length = 0;
    receiver.statuses.length = 0;
    sim.control.setKnobs({ duplicateRate: 0, dropRate: 0, notificationDelayMs: 0 });
    sim.stats.reset();
  });
  afterAll(async () => {
    await Promise.all([sim.close(), receiver.close()]);
  });

  function graph(method: string, path: string, body?: unknown): Promise<Response> {
    return fetch(`${sim.baseUrl}/v1.0${path}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  }
  const items = (): Record<string, unknown>[] => receiver.posts.flatMap((post) => post.body.value);

  it('POSTs an updated notification in Graph’s shape with the clientState and the URL’s query', async () => {
    await graph('PATCH', `/users/${user(1)}`, { jobTitle: 'Sales Lead' });
    await receiver.waitFor(() => items().length === 1);
    const post = receiver.posts[0];
    expect(post?.path).toBe('/notify');
    expect(post?.query.get('code')).toBe('k');
    expect(items()[0]).toMatchObject({
      subscriptionId,
      changeType: 'updated',
      clientState: 'state-123',
      resource: `Users/${user(1)}`,
      tenantId: contosoId,
      subscriptionExpirationDateTime: expect.any(String) as unknown,
      resourceData: {
        '@odata.type': '#Microsoft.Graph.User',
        '@odata.id': `Users/${user(1)}`,
        id: user(1),
        organizationId: contosoId,
        sequenceNumber: expect.any(Number) as unknown,
      },
    });
    expect(items()[0]?.id).toEqual(expect.any(String));
  });

  it('sends deleted for a permanent deletion', async () => {
    await graph('DELETE', `/users/${user(9)}`);
    await graph('DELETE', `/directory/deletedItems/${user(9)}`);
    await receiver.waitFor(() => items().some((item) => item.changeType === 'deleted'));
    expect(items().map((item) => item.changeType)).toEqual(['updated', 'deleted']);
  });

  it('batches changes that are due together into one POST', async () => {
    const requests = [2, 3, 4].map((n) => ({
      id: String(n),
      method: 'PATCH',
      url: `/users/${user(n)}`,
      headers: { 'Content-Type': 'application/json' },
      body: { officeLocation: 'Bellevue' },
    }));
    await graph('POST', '/$batch', { requests });
    await receiver.waitFor(() => items().length === 3);
    expect(receiver.posts).toHaveLength(1);
  });

  it('retries with growing delays after failures, then delivers', async () => {
    receiver.statuses.push(500, 503);
    await graph('PATCH', `/users/${user(5)}`, { jobTitle: 'Counsel' });
    await receiver.waitFor(() => sim.stats.snapshot().notifications.delivered === 1);
    const attempts = receiver.posts.filter((post) =>
      post.body.value.some((item) => item.resource === `Users/${user(5)}`),
    );
    const [first, second, third] = attempts.map((post) => post.at);
    expect(attempts).toHaveLength(3);
    expect((second ?? 0) - (first ?? 0)).toBeGreaterThanOrEqual(35);
    expect((third ?? 0) - (second ?? 0)).toBeGreaterThanOrEqual(75);
    expect(sim.stats.snapshot().notifications).toMatchObject({
      delivered: 1,
      failed: 2,
      retried: 2,
      dropped: 0,
    });
  });

  it('drops a notification after the maximum retry duration', async () => {
    receiver.statuses.push(...Array<number>(20).fill(500));
    await graph('PATCH', `/users/${user(6)}`, { jobTitle: 'Lead' });
    await receiver.waitFor(() => sim.stats.snapshot().notifications.dropped === 1, 3_000);
    expect(sim.stats.snapshot().notifications.delivered).toBe(0);
  });

  it('sends the same notification twice under duplicateRate 1 and none under dropRate 1', async () => {
    sim.control.setKnobs({ duplicateRate: 1 });
    await graph('PATCH', `/users/${user(7)}`, { jobTitle: 'Dup' });
    await receiver.waitFor(() => items().length === 2);
    expect(items()[0]?.id).toBe(items()[1]?.id);

    sim.control.setKnobs({ duplicateRate: 0, dropRate: 1 });
    receiver.posts.length = 0;
    await graph('PATCH', `/users/${user(8)}`, { jobTitle: 'Gone' });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(receiver.posts).toHaveLength(0);
    expect(sim.stats.snapshot().notifications.suppressed).toBe(1);
  });

  it('waits notificationDelayMs before sending', async () => {
    sim.control.setKnobs({ notificationDelayMs: 150 });
    const start = Date.now();
    await graph('PATCH', `/users/${user(10)}`, { jobTitle: 'Later' });
    await receiver.waitFor(() => items().length === 1);
    expect((receiver.posts[0]?.at ?? 0) - start).toBeGreaterThanOrEqual(140);
  });

  it('posts a reauthorizationRequired lifecycle event to the lifecycle URL', async () => {
    sim.control.triggerLifecycleEvent(subscriptionId, 'reauthorizationRequired');
    await receiver.waitFor(() => receiver.posts.some((post) => post.path === '/lifecycle'));
    expect(receiver.posts.find((post) => post.path === '/lifecycle')?.body.value).toEqual([
      {
        subscriptionId,
        subscriptionExpirationDateTime: expect.any(String) as unknown,
        tenantId: contosoId,
        clientState: 'state-123',
        lifecycleEvent: 'reauthorizationRequired',
      },
    ]);
  });

  it('never notifies a subscription that asked only for created', async () => {
    const response = await graph('POST', '/subscriptions', {
      changeType: 'created',
      notificationUrl: `${receiver.baseUrl}/created-only`,
      resource: 'users',
      expirationDateTime: new Date(Date.now() + 3_600_000).toISOString(),
      clientState: 'state-456',
    });
    expect(response.status).toBe(201);
    await graph('POST', '/users', {
      accountEnabled: true,
      displayName: 'Patti Fernandez',
      mailNickname: 'patti',
      userPrincipalName: 'patti.fernandez@contoso.com',
      passwordProfile: { password: 'Pa55w.rd-Very-Long-1', forceChangePasswordNextSignIn: false },
    });
    await receiver.waitFor(() => receiver.posts.some((post) => post.path === '/notify'));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(receiver.posts.filter((post) => post.path === '/created-only')).toHaveLength(0);
  });
});
