import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createGraphClientPool,
  createGraphDirectoryProvider,
  resolveGraphBaseUrl,
} from '../../../src/adapters/graph/graph-client-factory.js';
import { isSyncError, type SyncError } from '../../../src/core/sync-errors.js';
import { graphError, startGraphStub, type GraphStub } from './graph-stub-server.js';

const tenantA = '11111111-1111-4111-8111-111111111111';
const tenantB = '22222222-2222-4222-8222-222222222222';
const clientId = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa';
const secret = 'stub-secret-value-0123456789';

const auth = (tenantId: string) => ({ type: 'client-secret', tenantId, clientId, clientSecret: secret });

async function caught(promise: Promise<unknown>): Promise<SyncError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isSyncError(error)) throw new Error(`expected a SyncError, got ${String(error)}`);
  return error;
}

describe('createGraphDirectoryProvider', () => {
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

  const provider = (retry = { maxRetries: 2, delaySeconds: 0, maxRetryAfterSeconds: 5 }) =>
    createGraphDirectoryProvider({
      tenants: { [tenantA]: auth(tenantA), [tenantB]: auth(tenantB) },
      graphBaseUrl: stub.baseUrl,
      authorityHost: stub.authorityHost,
      anchorAttribute: 'extension_x_anchor',
      retry,
    });

  it('sends the bearer token to a custom Graph host and fetches one token per tenant for many calls', async () => {
    stub.graph = (request) => ({ status: 200, body: { id: request.path.split('/')[2], displayName: 'X' } });
    const graph = provider();
    for (let i = 0; i < 5; i += 1) {
      await graph.forTenant(tenantA).getUser(`user-${i}`, ['displayName']);
      await graph.forTenant(tenantB).getUser(`user-${i}`, ['displayName']);
    }
    expect(stub.graphRequests).toHaveLength(10);
    expect(stub.graphRequests.every((r) => r.headers.authorization?.startsWith('Bearer stub-token-'))).toBe(
      true,
    );
    expect(stub.tokenRequests.map((r) => r.tenant).sort()).toEqual([tenantA, tenantB]);
    expect(stub.tokenRequests[0]?.form.get('scope')).toBe('https://graph.microsoft.com/.default');
  });

  it('returns the same directory and client for a tenant every time', () => {
    const graph = provider();
    expect(graph.forTenant(tenantA)).toBe(graph.forTenant(tenantA));
    expect(graph.clientFor(tenantA)).toBe(graph.clientFor(tenantA));
  });

  it('rejects an unknown tenant with a configuration error naming it', () => {
    const graph = provider();
    const unknown = '99999999-9999-4999-8999-999999999999';
    expect(() => graph.forTenant(unknown)).toThrow(unknown);
    try {
      graph.forTenant(unknown);
    } catch (error) {
      expect(isSyncError(error, 'CONFIG.INVALID')).toBe(true);
    }
  });

  it('retries a 429 after the Retry-After Graph gave and then succeeds', async () => {
    let calls = 0;
    stub.graph = () => {
      calls += 1;
      return calls === 1
        ? graphError(429, 'TooManyRequests', 'Please retry again later.', { 'Retry-After': '0.2' })
        : { status: 200, body: { id: 'u1', displayName: 'Ann' } };
    };
    const started = Date.now();
    const user = await provider().forTenant(tenantA).getUser('u1', ['displayName']);
    expect(user?.attributes.displayName).toBe('Ann');
    expect(calls).toBe(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    expect(stub.graphRequests[1]?.headers['retry-attempt']).toBe('1');
  });

  it('surfaces a long Retry-After at once as a retryable GRAPH.THROTTLED carrying the wait', async () => {
    stub.graph = () =>
      graphError(429, 'TooManyRequests', 'Please retry again later.', { 'Retry-After': '120' });
    const error = await caught(provider().forTenant(tenantA).getUser('u1', []));
    expect(stub.graphRequests).toHaveLength(1);
    expect(error.code).toBe('GRAPH.THROTTLED');
    expect(error.retryable).toBe(true);
    expect(error.retryAfterMs).toBe(120_000);
  });

  it('gives up after maxRetries and reports GRAPH.UNAVAILABLE for a lasting 503', async () => {
    stub.graph = () => graphError(503, 'serviceNotAvailable', 'Service unavailable', { 'Retry-After': '0' });
    const error = await caught(provider().forTenant(tenantA).getUser('u1', []));
    expect(stub.graphRequests).toHaveLength(3);
    expect(error.code).toBe('GRAPH.UNAVAILABLE');
    expect(error.retryable).toBe(true);
  });

  it('lists every tenant whose configuration is wrong, naming the field', () => {
    expect(() =>
      createGraphClientPool(
        {
          [tenantA]: { type: 'client-secret', tenantId: tenantA, clientId },
          [tenantB]: { type: 'client-secret', tenantId: tenantB, clientId: 'xtsync', clientSecret: secret },
        },
        { authorityHost: stub.authorityHost },
      ),
    ).toThrow(
      /tenant 11111111-1111-4111-8111-111111111111: clientSecret: missing[\s\S]*tenant 22222222-2222-4222-8222-222222222222: clientId: expected a GUID/,
    );
  });

  it('rejects an auth config filed under another tenant id', () => {
    expect(() => createGraphClientPool({ [tenantA]: auth(tenantB) })).toThrow(
      /tenant 11111111.*names another tenant/,
    );
  });
});

describe('resolveGraphBaseUrl', () => {
  it('defaults to the public Graph root', () => {
    expect(resolveGraphBaseUrl(undefined)).toBe('https://graph.microsoft.com/');
  });

  it('keeps the port of a local simulator and adds the trailing slash', () => {
    expect(resolveGraphBaseUrl('https://localhost:8443')).toBe('https://localhost:8443/');
  });

  it('refuses http because the Graph client would send no token', () => {
    expect(() => resolveGraphBaseUrl('http://localhost:8443/')).toThrow(/GRAPH_BASE_URL.*https/);
  });

  it('refuses a versioned root', () => {
    expect(() => resolveGraphBaseUrl('https://graph.microsoft.com/v1.0')).toThrow(/root only/);
  });
});
