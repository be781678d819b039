import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createGraphDirectoryProvider } from '../../../src/adapters/graph/graph-client-factory.js';
import { createWritePacers, type WriteQuota } from '../../../src/adapters/graph/graph-write-pacer.js';
import { writeDemandOf } from '../../../src/adapters/graph/graph-write-pacing.js';
import { isSyncError, type SyncError } from '../../../src/core/sync-errors.js';
import { graphError, startGraphStub, type GraphStub } from './graph-stub-server.js';

const tenant = '22222222-2222-4222-8222-222222222222';
const clientId = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa';
const graphRoot = 'https://graph.microsoft.com/v1.0';

describe('writeDemandOf', () => {
  it('does not pace reads', () => {
    expect(writeDemandOf('GET', `${graphRoot}/users?$filter=x`, undefined)).toBeNull();
  });

  it('counts a user update as one write', () => {
    expect(writeDemandOf('PATCH', `${graphRoot}/users/abc`, '{}')).toEqual({ writes: 1, invitations: 0 });
  });

  it('counts an invitation as a write drawing on the invitation quota too', () => {
    expect(writeDemandOf('POST', `${graphRoot}/invitations`, '{}')).toEqual({ writes: 1, invitations: 1 });
  });

  it('leaves subscription calls alone: they have their own quota', () => {
    expect(writeDemandOf('POST', `${graphRoot}/subscriptions`, '{}')).toBeNull();
    expect(writeDemandOf('PATCH', `${graphRoot}/subscriptions/s1`, '{}')).toBeNull();
  });

  it('counts the inner writes of a $batch', () => {
    const body = JSON.stringify({
      requests: [
        { id: '1', method: 'PATCH', url: '/users/a' },
        { id: '2', method: 'GET', url: '/users/b' },
        { id: '3', method: 'POST', url: '/invitations' },
        { id: '4', method: 'DELETE', url: 'users/c' },
      ],
    });
    expect(writeDemandOf('POST', `${graphRoot}/$batch`, body)).toEqual({ writes: 3, invitations: 1 });
  });

  it('does not pace a $batch of reads', () => {
    const body = JSON.stringify({ requests: [{ id: '1', method: 'GET', url: '/users/a' }] });
    expect(writeDemandOf('POST', `${graphRoot}/$batch`, body)).toBeNull();
  });
});

describe('write pacing in the Graph client', () => {
  let stub: GraphStub;
  beforeAll(async () => {
    stub = await startGraphStub();
  });
  afterEach(() => {
    stub.reset();
  });
  afterAll(async () => {
    await stub.close();
  });

  const directory = (writes: WriteQuota) =>
    createGraphDirectoryProvider({
      tenants: {
        [tenant]: {
          type: 'client-secret',
          tenantId: tenant,
          clientId,
          clientSecret: 'stub-secret-0123456789',
        },
      },
      graphBaseUrl: stub.baseUrl,
      authorityHost: stub.authorityHost,
      anchorAttribute: 'extension_x_anchor',
      retry: { maxRetries: 2, delaySeconds: 0, maxRetryAfterSeconds: 5 },
      writePacers: createWritePacers({ writes }),
    }).forTenant(tenant);

  async function failure(promise: Promise<unknown>): Promise<SyncError> {
    const error = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    if (!isSyncError(error)) throw new Error(`expected a SyncError, got ${String(error)}`);
    return error;
  }

  it('answers a write beyond the quota with a retryable GRAPH.THROTTLED for when there is room, without calling Graph', async () => {
    stub.graph = (request) =>
      request.method === 'PATCH' ? { status: 204 } : { status: 200, body: { id: 'u1', displayName: 'Ann' } };
    // One write per 10 minutes: the second write's slot is far beyond the 5 s a call may wait.
    const users = directory({ limit: 1, windowMs: 600_000 });
    await users.updateUser('u1', { jobTitle: 'First' });
    const error = await failure(users.updateUser('u1', { jobTitle: 'Second' }));
    expect(error.code).toBe('GRAPH.THROTTLED');
    expect(error.retryable).toBe(true);
    expect(error.retryAfterMs).toBe(600_000);
    // Reads are never held back.
    expect(await users.getUser('u1', ['displayName'])).not.toBeNull();
    expect(stub.graphRequests.map((request) => request.method)).toEqual(['PATCH', 'GET']);
  });

  it("holds the tenant's next writes back after Graph answers a write with 429", async () => {
    stub.graph = () =>
      graphError(429, 'TooManyRequests', 'Please retry again later.', {
        'Retry-After': '120',
        'x-ms-throttle-information': 'WriteLimitExceeded',
      });
    const users = directory({ limit: 3_000, windowMs: 150_000 });
    expect((await failure(users.updateUser('u1', { jobTitle: 'A' }))).code).toBe('GRAPH.THROTTLED');
    const held = await failure(users.updateUser('u2', { jobTitle: 'B' }));
    expect(held.code).toBe('GRAPH.THROTTLED');
    expect(held.retryAfterMs).toBeGreaterThan(100_000);
    expect(stub.graphRequests).toHaveLength(1);
  });
});
