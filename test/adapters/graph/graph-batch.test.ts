import type { Client } from '@microsoft/microsoft-graph-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  runGraphBatch,
  toBatchItemError,
  type GraphBatchRequest,
} from '../../../src/adapters/graph/graph-batch.js';
import { createGraphClientPool } from '../../../src/adapters/graph/graph-client-factory.js';
import { graphError, startGraphStub, type GraphStub } from './graph-stub-server.js';

const tenantId = '11111111-1111-4111-8111-111111111111';
const clientId = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa';

interface SentBatch {
  readonly requests: readonly {
    id: string;
    method: string;
    url: string;
    headers?: Record<string, string>;
    body?: unknown;
    dependsOn?: string[];
  }[];
}

const patch = (id: string): GraphBatchRequest => ({
  id,
  method: 'PATCH',
  url: `/users/${id}`,
  body: { jobTitle: 'X' },
});

describe('runGraphBatch', () => {
  let stub: GraphStub;
  let client: Client;
  const sent = (): SentBatch[] => stub.graphRequests.map((request) => request.body as SentBatch);
  const waits: number[] = [];
  const sleep = (ms: number): Promise<void> => {
    waits.push(ms);
    return Promise.resolve();
  };

  beforeAll(async () => {
    stub = await startGraphStub();
    client = createGraphClientPool(
      { [tenantId]: { type: 'client-secret', tenantId, clientId, clientSecret: 'stub-secret-0123456789' } },
      { graphBaseUrl: stub.baseUrl, authorityHost: stub.authorityHost, retry: { maxRetries: 0 } },
    ).clientFor(tenantId);
  });
  afterEach(() => {
    stub.reset();
    waits.length = 0;
  });
  afterAll(async () => {
    await stub.close();
  });

  it('posts relative, unversioned URLs with a JSON content type for bodies and returns responses by id', async () => {
    stub.graph = (request) => ({
      status: 200,
      body: {
        responses: (request.body as SentBatch).requests
          .map((r) => ({
            id: r.id,
            status: r.method === 'GET' ? 200 : 204,
            headers: {},
            body: r.method === 'GET' ? { id: 'x' } : undefined,
          }))
          .reverse(),
      },
    });
    const results = await runGraphBatch(
      client,
      [
        patch('a'),
        {
          id: 'b',
          method: 'GET',
          url: "/users?$filter=mail eq 'a@b.com'",
          headers: { ConsistencyLevel: 'eventual' },
        },
      ],
      { tenantId, sleep },
    );
    expect(stub.graphRequests[0]?.path).toBe('/$batch');
    expect(sent()[0]?.requests).toEqual([
      {
        id: 'a',
        method: 'PATCH',
        url: '/users/a',
        headers: { 'Content-Type': 'application/json' },
        body: { jobTitle: 'X' },
      },
      {
        id: 'b',
        method: 'GET',
        url: "/users?$filter=mail eq 'a@b.com'",
        headers: { ConsistencyLevel: 'eventual' },
      },
    ]);
    expect(results.get('a')?.status).toBe(204);
    expect(results.get('b')).toMatchObject({ status: 200, body: { id: 'x' } });
  });

  it('re-sends only the throttled items after the longest Retry-After among them', async () => {
    stub.graph = (request) => {
      const batch = request.body as SentBatch;
      const first = stub.graphRequests.length === 1;
      return {
        status: 200,
        body: {
          responses: batch.requests.map((r) =>
            first && r.id === 'b'
              ? {
                  id: 'b',
                  status: 429,
                  headers: { 'Retry-After': '2' },
                  body: { error: { code: 'TooManyRequests', message: 'later' } },
                }
              : first && r.id === 'c'
                ? {
                    id: 'c',
                    status: 503,
                    headers: { 'retry-after': '5' },
                    body: { error: { code: 'serviceNotAvailable', message: 'down' } },
                  }
                : { id: r.id, status: 204, headers: {} },
          ),
        },
      };
    };
    const results = await runGraphBatch(client, [patch('a'), patch('b'), patch('c')], { tenantId, sleep });
    expect(waits).toEqual([5000]);
    expect(sent().map((batch) => batch.requests.map((r) => r.id))).toEqual([
      ['a', 'b', 'c'],
      ['b', 'c'],
    ]);
    expect([...results.values()].map((r) => r.status)).toEqual([204, 204, 204]);
  });

  it('stops after maxAttempts and returns the items still throttled', async () => {
    stub.graph = () => ({
      status: 200,
      body: {
        responses: [
          {
            id: 'a',
            status: 429,
            headers: { 'Retry-After': '1' },
            body: { error: { code: 'TooManyRequests', message: 'later' } },
          },
        ],
      },
    });
    const results = await runGraphBatch(client, [patch('a')], { tenantId, sleep, maxAttempts: 3 });
    expect(stub.graphRequests).toHaveLength(3);
    const last = results.get('a');
    expect(last?.status).toBe(429);
    const error = last === undefined ? null : toBatchItemError(last, { tenantId, operation: 'update user' });
    expect(error).toMatchObject({ code: 'GRAPH.THROTTLED', retryable: true, retryAfterMs: 1000 });
  });

  it('does not wait in-process for a Retry-After longer than maxWaitMs', async () => {
    stub.graph = () => ({
      status: 200,
      body: { responses: [{ id: 'a', status: 429, headers: { 'Retry-After': '90' } }] },
    });
    const results = await runGraphBatch(client, [patch('a')], { tenantId, sleep, maxWaitMs: 10_000 });
    expect(stub.graphRequests).toHaveLength(1);
    expect(waits).toEqual([]);
    expect(results.get('a')?.status).toBe(429);
  });

  it('re-sends a dependent that failed with 424 together with its throttled dependency', async () => {
    stub.graph = (request) => {
      const first = stub.graphRequests.length === 1;
      return {
        status: 200,
        body: {
          responses: (request.body as SentBatch).requests.map((r) =>
            first
              ? { id: r.id, status: r.id === 'a' ? 429 : 424, headers: { 'Retry-After': '0' } }
              : { id: r.id, status: 204 },
          ),
        },
      };
    };
    const results = await runGraphBatch(client, [patch('a'), { ...patch('b'), dependsOn: ['a'] }], {
      tenantId,
      sleep,
    });
    expect(sent()[1]?.requests.map((r) => [r.id, r.dependsOn])).toEqual([
      ['a', undefined],
      ['b', ['a']],
    ]);
    expect(results.get('b')?.status).toBe(204);
  });

  it('refuses more than 20 requests, duplicate ids and versioned or absolute URLs before sending', async () => {
    const many = Array.from({ length: 21 }, (_, i) => patch(`u${i}`));
    await expect(runGraphBatch(client, many, { tenantId })).rejects.toThrow(/21 requests \(at most 20\)/);
    await expect(runGraphBatch(client, [patch('a'), patch('A')], { tenantId })).rejects.toThrow(
      /duplicate id 'A'/,
    );
    await expect(
      runGraphBatch(
        client,
        [
          { id: '1', method: 'GET', url: '/v1.0/users' },
          { id: '2', method: 'GET', url: 'https://graph.microsoft.com/v1.0/users' },
        ],
        { tenantId },
      ),
    ).rejects.toMatchObject({
      code: 'GRAPH.BAD_REQUEST',
      message: expect.stringMatching(/'1'.*'2'/) as unknown,
    });
    expect(stub.graphRequests).toHaveLength(0);
  });

  it('maps a failed batch call to a SyncError', async () => {
    stub.graph = () => graphError(400, 'BadRequest', 'Invalid batch payload format.');
    await expect(runGraphBatch(client, [patch('a')], { tenantId })).rejects.toMatchObject({
      code: 'GRAPH.BAD_REQUEST',
    });
  });
});

describe('toBatchItemError', () => {
  it('returns null for a success and the mapped error with request id for a failure', () => {
    expect(
      toBatchItemError(
        { id: '1', status: 204, headers: {}, body: undefined },
        { tenantId, operation: 'update user' },
      ),
    ).toBeNull();
    const error = toBatchItemError(
      {
        id: '1',
        status: 404,
        headers: {},
        body: {
          error: { code: 'Request_ResourceNotFound', message: 'no', innerError: { 'request-id': 'r-9' } },
        },
      },
      { tenantId, operation: 'update user', objectId: 'u1' },
    );
    expect(error).toMatchObject({ code: 'GRAPH.NOT_FOUND', details: { requestId: 'r-9', objectId: 'u1' } });
  });
});
