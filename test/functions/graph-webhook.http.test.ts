import { HttpRequest, InvocationContext } from '@azure/functions';
import { describe, expect, it } from 'vitest';
import type { AppServices } from '../../src/app/app-services.js';
import { SyncError } from '../../src/core/sync-errors.js';
import { graphNotificationsFunction } from '../../src/functions/graph-webhook.http.js';

function servicesWith(receive: AppServices['receiveNotifications']): () => Promise<AppServices> {
  return () => Promise.resolve({ receiveNotifications: receive } as AppServices);
}

const context = () => new InvocationContext({ invocationId: 'test', functionName: 'graph-notifications' });
const body = JSON.stringify({
  value: [{ subscriptionId: 's', clientState: 'c', changeType: 'updated', tenantId: 't' }],
});

describe('graph-notifications function', () => {
  it('answers 202 once the notifications are enqueued', async () => {
    const seen: unknown[] = [];
    const fn = graphNotificationsFunction(
      servicesWith((notifications) => {
        seen.push(...notifications);
        return Promise.resolve({ accepted: 1, ignored: {}, drainsEnqueued: 1 });
      }),
    );
    const response = await fn.handler(
      new HttpRequest({
        method: 'POST',
        url: 'http://localhost/api/graph-notifications',
        body: { string: body },
      }),
      context(),
    );
    expect(response.status).toBe(202);
    expect(seen).toHaveLength(1);
  });

  it('answers 503 so Graph retries when the queue cannot take the drains', async () => {
    const fn = graphNotificationsFunction(
      servicesWith(() => Promise.reject(new SyncError('BUS.UNAVAILABLE', 'down', { retryable: true }))),
    );
    const response = await fn.handler(
      new HttpRequest({
        method: 'POST',
        url: 'http://localhost/api/graph-notifications',
        body: { string: body },
      }),
      context(),
    );
    expect(response.status).toBe(503);
  });

  it('echoes the validation token without touching the services', async () => {
    const fn = graphNotificationsFunction(() => Promise.reject(new Error('must not be called')));
    const response = await fn.handler(
      new HttpRequest({
        method: 'POST',
        url: 'http://localhost/api/graph-notifications?validationToken=abc%2Bdef%20ghi',
      }),
      context(),
    );
    expect(response).toMatchObject({ status: 200, body: 'abc+def ghi' });
  });

  it('refuses a body that declares more than 1 MB with 413', async () => {
    const fn = graphNotificationsFunction(() => Promise.reject(new Error('must not be called')));
    const response = await fn.handler(
      new HttpRequest({
        method: 'POST',
        url: 'http://localhost/api/graph-notifications',
        headers: { 'content-length': String(2 * 1024 * 1024) },
        body: { string: '{}' },
      }),
      context(),
    );
    expect(response.status).toBe(413);
  });
});
