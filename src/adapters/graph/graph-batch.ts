/**
 * JSON batching (`POST /$batch`): up to 20 requests in one round trip, with the SDK-free body Graph
 * expects (relative URLs without the version; `BatchRequestContent` cannot build those on Node 18+).
 * Graph's RetryHandler never retries inner requests, so inner 429/503s are retried here.
 */
import type { Client } from '@microsoft/microsoft-graph-client';
import { z } from 'zod';
import { SyncError } from '../../core/sync-errors.js';
import { fromGraphFailure, toSyncError, type GraphErrorContext } from './graph-errors.js';
import { parseRetryAfter, readHeader } from './graph-retry-after.js';
import { parseGraphBody } from './graph-user-mapping.js';

/** One request of a batch. `url` is relative to the version root, e.g. `/users/{id}`. */
export interface GraphBatchRequest {
  readonly id: string;
  readonly method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  readonly url: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: unknown;
  readonly dependsOn?: readonly string[];
}

/** One response of a batch, correlated by `id` (Graph answers in any order). */
export interface GraphBatchResponse {
  readonly id: string;
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: unknown;
}

/** Options of {@link runGraphBatch}. */
export interface GraphBatchOptions {
  /** The tenant the client acts in, for error messages. */
  readonly tenantId: string;
  /** Batches sent at most, the first included. Default 3. */
  readonly maxAttempts?: number;
  /** Wait when a throttled item gives no Retry-After. Default 1 000 ms. */
  readonly defaultRetryAfterMs?: number;
  /** Longest wait between attempts; past it the throttled items are returned as they are. Default 30 000 ms. */
  readonly maxWaitMs?: number;
  /** Injected for tests; default `setTimeout`. */
  readonly sleep?: (ms: number) => Promise<void>;
}

/** Graph's limit on requests per batch. */
export const maxBatchRequests = 20;

const batchResponseSchema = z.looseObject({
  responses: z.array(
    z.looseObject({
      id: z.string(),
      status: z.number().int(),
      headers: z.record(z.string(), z.unknown()).optional(),
      body: z.unknown().optional(),
    }),
  ),
});

const retryableStatuses = new Set([429, 503]);

const errorBodySchema = z.looseObject({
  error: z.looseObject({
    code: z.string().optional(),
    message: z.string().optional(),
    innerError: z.looseObject({ 'request-id': z.string().optional() }).optional(),
  }),
});

/**
 * The SyncError for a failed batch item (same codes as a failed single call), or null for a 2xx.
 *
 * @param response - One item of {@link runGraphBatch}'s result.
 * @param context - Tenant and operation the item belongs to.
 */
export function toBatchItemError(response: GraphBatchResponse, context: GraphErrorContext): SyncError | null {
  if (response.status >= 200 && response.status < 300) return null;
  const parsed = errorBodySchema.safeParse(response.body);
  const error = parsed.success ? parsed.data.error : undefined;
  return fromGraphFailure(
    {
      status: response.status,
      code: error?.code ?? null,
      message: error?.message ?? 'no error message',
      requestId: error?.innerError?.['request-id'] ?? null,
      headers: response.headers,
    },
    { ...context, objectId: context.objectId ?? `batch item ${response.id}` },
  );
}

/**
 * Sends the requests as one `$batch`, then re-sends only the items Graph throttled (429/503) after the
 * longest Retry-After among them, for a bounded number of attempts.
 *
 * @returns Every request's final response by id; items still throttled after the last attempt keep their 429/503.
 * @throws SyncError `GRAPH.BAD_REQUEST` for an invalid batch (too many, duplicate ids, absolute or versioned
 *   URLs) before anything is sent, or the mapped error when the batch call itself fails.
 */
export async function runGraphBatch(
  client: Client,
  requests: readonly GraphBatchRequest[],
  options: GraphBatchOptions,
): Promise<ReadonlyMap<string, GraphBatchResponse>> {
  validateBatch(requests, options.tenantId);
  const maxAttempts = options.maxAttempts ?? 3;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const results = new Map<string, GraphBatchResponse>();
  let pending = requests;
  for (let attempt = 1; pending.length > 0; attempt += 1) {
    const responses = await sendBatch(client, pending, options.tenantId);
    for (const response of responses) results.set(response.id, response);
    const retry = responses.filter((response) => retryableStatuses.has(response.status));
    if (retry.length === 0 || attempt >= maxAttempts) break;
    const waitMs = Math.max(
      ...retry.map(
        (response) =>
          parseRetryAfter(readHeader(response.headers, 'Retry-After')) ?? options.defaultRetryAfterMs ?? 1000,
      ),
    );
    if (waitMs > (options.maxWaitMs ?? 30_000)) break;
    await sleep(waitMs);
    const retryIds = new Set(retry.map((response) => response.id.toLowerCase()));
    // Items that failed only because a throttled dependency did (424) go again with it.
    for (const request of pending) {
      const failedDependency = results.get(request.id)?.status === 424;
      if (failedDependency && request.dependsOn?.some((id) => retryIds.has(id.toLowerCase()))) {
        retryIds.add(request.id.toLowerCase());
      }
    }
    pending = pending
      .filter((request) => retryIds.has(request.id.toLowerCase()))
      .map((request) => withDependencies(request, retryIds));
  }
  return results;
}

async function sendBatch(
  client: Client,
  requests: readonly GraphBatchRequest[],
  tenantId: string,
): Promise<readonly GraphBatchResponse[]> {
  const payload = {
    requests: requests.map((request) => {
      const hasBody = request.body !== undefined;
      const headers = { ...(hasBody ? { 'Content-Type': 'application/json' } : {}), ...request.headers };
      return {
        id: request.id,
        method: request.method,
        url: request.url,
        ...(Object.keys(headers).length > 0 ? { headers } : {}),
        ...(hasBody ? { body: request.body } : {}),
        ...(request.dependsOn !== undefined && request.dependsOn.length > 0
          ? { dependsOn: request.dependsOn }
          : {}),
      };
    }),
  };
  let body: unknown;
  try {
    body = await client.api('/$batch').post(payload);
  } catch (error) {
    throw toSyncError(error, { tenantId, operation: 'batch' });
  }
  const parsed = parseGraphBody(batchResponseSchema, body, 'batch response', tenantId);
  return parsed.responses.map((response) => ({
    id: response.id,
    status: response.status,
    // Header values are strings in Graph's answers; anything else is dropped rather than trusted.
    headers: Object.fromEntries(
      Object.entries(response.headers ?? {}).filter(
        (entry): entry is [string, string] => typeof entry[1] === 'string',
      ),
    ),
    body: response.body,
  }));
}

function withDependencies(request: GraphBatchRequest, inBatch: ReadonlySet<string>): GraphBatchRequest {
  if (request.dependsOn === undefined) return request;
  // Dependencies that already succeeded are not in the new batch and must not be named there.
  return { ...request, dependsOn: request.dependsOn.filter((id) => inBatch.has(id.toLowerCase())) };
}

function validateBatch(requests: readonly GraphBatchRequest[], tenantId: string): void {
  const problems: string[] = [];
  if (requests.length > maxBatchRequests)
    problems.push(`${requests.length} requests (at most ${maxBatchRequests})`);
  const seen = new Set<string>();
  for (const request of requests) {
    const id = request.id.toLowerCase();
    if (request.id === '') problems.push('a request has an empty id');
    if (seen.has(id)) problems.push(`duplicate id '${request.id}'`);
    seen.add(id);
    if (!request.url.startsWith('/') || /^\/(v1\.0|beta)(\/|$)/i.test(request.url)) {
      problems.push(`request '${request.id}': url must be relative to the version root, like /users/{id}`);
    }
    for (const dependency of request.dependsOn ?? []) {
      if (!requests.some((other) => other.id.toLowerCase() === dependency.toLowerCase())) {
        problems.push(`request '${request.id}' depends on unknown id '${dependency}'`);
      }
    }
  }
  if (problems.length > 0) {
    throw new SyncError(
      'GRAPH.BAD_REQUEST',
      `Invalid Graph batch for tenant ${tenantId}: ${problems.join('; ')}`,
      {
        details: { tenantId },
      },
    );
  }
}
