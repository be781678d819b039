import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SubscriptionGateway } from '../../../src/app/ports.js';
import { createGraphClientPool } from '../../../src/adapters/graph/graph-client-factory.js';
import { createGraphSubscriptionGateway } from '../../../src/adapters/graph/graph-subscriptions.js';
import { graphError, startGraphStub, type GraphStub } from './graph-stub-server.js';

const tenantId = '11111111-1111-4111-8111-111111111111';
const clientId = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa';
const clientState = 'client-state-never-shown';

const subscription = (extra: Record<string, unknown> = {}) => ({
  id: 'sub-1',
  resource: 'users',
  changeType: 'updated,deleted',
  notificationUrl: 'https://app.example/api/notify',
  lifecycleNotificationUrl: 'https://app.example/api/lifecycle',
  expirationDateTime: '2025-01-30T10:00:00Z',
  clientState,
  ...extra,
});

describe('createGraphSubscriptionGateway', () => {
  let stub: GraphStub;
  let gateway: SubscriptionGateway;

  beforeAll(async () => {
    stub = await startGraphStub();
    gateway = createGraphSubscriptionGateway(
      createGraphClientPool(
        { [tenantId]: { type: 'client-secret', tenantId, clientId, clientSecret: 'stub-secret-0123456789' } },
        { graphBaseUrl: stub.baseUrl, authorityHost: stub.authorityHost, retry: { maxRetries: 0 } },
      ),
    );
  });
  afterEach(() => {
    stub.reset();
  });
  afterAll(async () => {
    await stub.close();
  });

  it('subscribes to updated and deleted users and never hands back the client state', async () => {
    stub.graph = () => ({ status: 201, body: subscription() });
    const created = await gateway.create(tenantId, {
      notificationUrl: 'https://app.example/api/notify',
      lifecycleNotificationUrl: 'https://app.example/api/lifecycle',
      clientState,
      expirationDateTime: new Date('2025-01-30T10:00:00Z'),
    });
    expect(stub.graphRequests[0]?.body).toEqual({
      changeType: 'updated,deleted',
      resource: 'users',
      notificationUrl: 'https://app.example/api/notify',
      lifecycleNotificationUrl: 'https://app.example/api/lifecycle',
      expirationDateTime: '2025-01-30T10:00:00.000Z',
      clientState,
    });
    expect(created).toEqual({
      id: 'sub-1',
      resource: 'users',
      changeType: 'updated,deleted',
      notificationUrl: 'https://app.example/api/notify',
      lifecycleNotificationUrl: 'https://app.example/api/lifecycle',
      expirationDateTime: '2025-01-30T10:00:00Z',
    });
    expect(JSON.stringify(created)).not.toContain(clientState);
  });

  it('keeps the client state out of a failed creation message', async () => {
    stub.graph = () =>
      graphError(400, 'ValidationError', `Subscription validation request failed for ${clientState}.`);
    await expect(
      gateway.create(tenantId, {
        notificationUrl: 'https://app.example/api/notify',
        lifecycleNotificationUrl: 'https://app.example/api/lifecycle',
        clientState,
        expirationDateTime: new Date(),
      }),
    ).rejects.toSatisfy(
      (error: Error) => error.message.includes('ValidationError') && !error.message.includes(clientState),
    );
  });

  it('renews by patching the expiry and returns null when the subscription is gone', async () => {
    stub.graph = () => ({ status: 200, body: subscription({ expirationDateTime: '2025-02-01T00:00:00Z' }) });
    const renewed = await gateway.renew(tenantId, 'sub-1', new Date('2025-02-01T00:00:00Z'));
    expect(stub.graphRequests[0]).toMatchObject({
      method: 'PATCH',
      path: '/subscriptions/sub-1',
      body: { expirationDateTime: '2025-02-01T00:00:00.000Z' },
    });
    expect(renewed?.expirationDateTime).toBe('2025-02-01T00:00:00Z');
    stub.reset();
    expect(await gateway.renew(tenantId, 'sub-1', new Date())).toBeNull();
  });

  it('reauthorizes and deletes, answering false for an unknown subscription', async () => {
    stub.graph = () => ({ status: 204 });
    expect(await gateway.reauthorize(tenantId, 'sub-1')).toBe(true);
    expect(await gateway.delete(tenantId, 'sub-1')).toBe(true);
    expect(stub.graphRequests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /subscriptions/sub-1/reauthorize',
      'DELETE /subscriptions/sub-1',
    ]);
    stub.reset();
    expect(await gateway.reauthorize(tenantId, 'sub-1')).toBe(false);
    expect(await gateway.delete(tenantId, 'sub-1')).toBe(false);
  });

  it('lists subscriptions across pages', async () => {
    stub.graph = (request) =>
      request.query.has('$skiptoken')
        ? { status: 200, body: { value: [subscription({ id: 'sub-2', lifecycleNotificationUrl: null })] } }
        : {
            status: 200,
            body: {
              value: [subscription()],
              '@odata.nextLink': `${stub.baseUrl}v1.0/subscriptions?$skiptoken=2`,
            },
          };
    const listed = await gateway.list(tenantId);
    expect(listed.map((s) => [s.id, s.lifecycleNotificationUrl])).toEqual([
      ['sub-1', 'https://app.example/api/lifecycle'],
      ['sub-2', null],
    ]);
  });
});
