import { GraphError } from '@microsoft/microsoft-graph-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createGraphClientPool } from '../../../src/adapters/graph/graph-client-factory.js';
import { toSyncError, type GraphErrorContext } from '../../../src/adapters/graph/graph-errors.js';
import { SyncError, type SyncErrorCode } from '../../../src/core/sync-errors.js';
import { graphError, startGraphStub, type GraphStub, type StubResponse } from './graph-stub-server.js';

const tenantId = '11111111-1111-4111-8111-111111111111';
const clientId = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa';
const secret = 'super-secret-value-do-not-print';

describe('toSyncError', () => {
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

  /** The SyncError for a real GraphError thrown by the real client for `answer`. */
  async function mapped(answer: StubResponse, context: Partial<GraphErrorContext> = {}): Promise<SyncError> {
    stub.graph = () => answer;
    const client = createGraphClientPool(
      { [tenantId]: { type: 'client-secret', tenantId, clientId, clientSecret: secret } },
      { graphBaseUrl: stub.baseUrl, authorityHost: stub.authorityHost, retry: { maxRetries: 0 } },
    ).clientFor(tenantId);
    try {
      await client.api('/users/u1').get();
    } catch (error) {
      return toSyncError(error, { tenantId, operation: 'read users', ...context });
    }
    throw new Error('expected the call to fail');
  }

  it.each<[number, string, SyncErrorCode, boolean]>([
    [429, 'TooManyRequests', 'GRAPH.THROTTLED', true],
    [500, 'generalException', 'GRAPH.UNAVAILABLE', true],
    [502, 'badGateway', 'GRAPH.UNAVAILABLE', true],
    [503, 'serviceNotAvailable', 'GRAPH.UNAVAILABLE', true],
    [504, 'gatewayTimeout', 'GRAPH.UNAVAILABLE', true],
    [401, 'InvalidAuthenticationToken', 'GRAPH.UNAUTHORIZED', false],
    [403, 'Authorization_RequestDenied', 'GRAPH.FORBIDDEN', false],
    [404, 'Request_ResourceNotFound', 'GRAPH.NOT_FOUND', false],
    [400, 'Request_BadRequest', 'GRAPH.BAD_REQUEST', false],
    [409, 'Conflict', 'GRAPH.CONFLICT', false],
    [412, 'PreconditionFailed', 'GRAPH.CONFLICT', false],
    [400, 'Request_MultipleObjectsWithSameKeyValue', 'GRAPH.CONFLICT', false],
    [410, 'Gone', 'GRAPH.RESYNC_REQUIRED', false],
    [400, 'syncStateNotFound', 'GRAPH.RESYNC_REQUIRED', false],
    [400, 'resyncRequired', 'GRAPH.RESYNC_REQUIRED', false],
    [418, 'Teapot', 'GRAPH.UNEXPECTED', false],
  ])('maps %i %s to %s (retryable: %s)', async (status, code, expected, retryable) => {
    const error = await mapped(graphError(status, code, 'Something happened.'));
    expect(error.code).toBe(expected);
    expect(error.retryable).toBe(retryable);
    expect(error.details).toMatchObject({ status, graphCode: code, requestId: 'req-1', tenantId });
    expect(error.cause).toBeInstanceOf(GraphError);
  });

  it('reads Retry-After in seconds from a 429', async () => {
    const error = await mapped(
      graphError(429, 'TooManyRequests', 'Retry later.', { 'Retry-After': '2.128' }),
    );
    expect(error.retryAfterMs).toBe(2128);
  });

  it('reads Retry-After as an HTTP date from a 503', async () => {
    const at = new Date(Date.now() + 60_000).toUTCString();
    const error = await mapped(graphError(503, 'serviceNotAvailable', 'Down.', { 'Retry-After': at }));
    expect(error.retryAfterMs).toBeGreaterThan(55_000);
    expect(error.retryAfterMs).toBeLessThanOrEqual(60_000);
  });

  it('names the permission an invitation usually lacks on 403', async () => {
    const error = await mapped(graphError(403, 'Authorization_RequestDenied', 'Insufficient privileges.'), {
      operation: 'invite external member',
    });
    expect(error.message).toMatch(/User\.Invite\.All/);
    expect(error.message).toContain(tenantId);
  });

  it('names User.ReadWrite.All for a forbidden update', async () => {
    const error = await mapped(graphError(403, 'Authorization_RequestDenied', 'Insufficient privileges.'), {
      operation: 'update user',
      objectId: 'u1',
    });
    expect(error.message).toMatch(/Graph update user u1 in tenant .* User\.ReadWrite\.All/);
  });

  it('keeps tokens and client states out of the message', async () => {
    const error = await mapped(
      graphError(
        400,
        'ValidationError',
        'clientState sekrit-state rejected; header Bearer eyJabc.eyJdef.sig was sent',
      ),
      { operation: 'manage subscriptions', redact: ['sekrit-state'] },
    );
    expect(error.message).not.toContain('sekrit-state');
    expect(error.message).not.toContain('eyJabc');
    expect(error.message).toContain('[redacted]');
  });

  it('maps a refused client secret to AUTH.CREDENTIAL with the AADSTS code and without the secret', async () => {
    stub.token = () => ({
      status: 401,
      body: {
        error: 'invalid_client',
        error_description: 'AADSTS7000215: Invalid client secret provided.',
        error_codes: [7000215],
        timestamp: '2025-01-01 00:00:00Z',
        trace_id: 't',
        correlation_id: 'c',
      },
    });
    const error = await mapped({ status: 200, body: {} });
    expect(error.code).toBe('AUTH.CREDENTIAL');
    expect(error.retryable).toBe(false);
    expect(error.message).toContain('AADSTS7000215');
    expect(error.message).not.toContain(secret);
    expect(error.details.aadsts).toBe('AADSTS7000215');
  });

  it('maps a connection failure to a retryable GRAPH.NETWORK', async () => {
    const closed = await startGraphStub();
    const { baseUrl, authorityHost } = closed;
    await closed.close();
    const client = createGraphClientPool(
      { [tenantId]: { type: 'client-secret', tenantId, clientId, clientSecret: secret } },
      { graphBaseUrl: baseUrl, authorityHost: stub.authorityHost, retry: { maxRetries: 0 } },
    ).clientFor(tenantId);
    const error = await client
      .api('/users/u1')
      .get()
      .then(
        () => undefined,
        (e: unknown) => toSyncError(e, { tenantId, operation: 'read users' }),
      );
    expect(authorityHost).not.toBe(stub.authorityHost);
    expect(error?.code).toBe('GRAPH.NETWORK');
    expect(error?.retryable).toBe(true);
  });

  it('treats a timeout without an answer as a network failure', () => {
    const timeout = new DOMException('The operation was aborted due to timeout', 'TimeoutError');
    expect(toSyncError(timeout, { tenantId, operation: 'read delta' })).toMatchObject({
      code: 'GRAPH.NETWORK',
      retryable: true,
    });
  });

  it('does not retry a failure it cannot explain', () => {
    const error = toSyncError(new RangeError('Invalid array length'), { tenantId, operation: 'read users' });
    expect(error).toMatchObject({ code: 'GRAPH.UNEXPECTED', retryable: false });
    expect(error.message).toContain('Invalid array length');
  });

  it('passes a SyncError through unchanged', () => {
    const original = new SyncError('STATE.CONFLICT', 'lost a race', { retryable: true });
    expect(toSyncError(original, { tenantId, operation: 'read users' })).toBe(original);
  });
});
