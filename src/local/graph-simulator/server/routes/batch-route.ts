/**
 * `POST /$batch` (reference/graph-api.md §5): at most 20 requests with case-insensitively unique ids,
 * relative version-less URLs, Content-Type whenever a body is present; each request runs through the whole
 * pipeline with the outer token; a failed `dependsOn` yields 424; responses come back in shuffled order.
 */
import { z } from 'zod';
import type { GraphCall, GraphReply } from '../graph-exchange.js';
import { graphError, jsonReply } from '../graph-exchange.js';
import type { GraphRoute } from '../graph-route.js';
import { anyCaller } from '../permissions.js';

const batchSchema = z.object({
  requests: z.array(
    z.object({
      id: z.string().min(1),
      method: z.string().regex(/^[A-Za-z]+$/),
      url: z.string().min(1),
      headers: z.record(z.string(), z.string()).optional(),
      body: z.unknown().optional(),
      dependsOn: z.array(z.string()).optional(),
    }),
  ),
});

type BatchStep = z.infer<typeof batchSchema>['requests'][number];

/** One entry of the `$batch` response. */
interface BatchResponse {
  readonly id: string;
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body?: unknown;
}

const maxRequests = 20;

function invalid(detail: string): never {
  throw graphError(400, 'BadRequest', `Invalid batch payload format. ${detail}`);
}

/** The `$batch` route; `random` shuffles the responses (seedable for reproducible runs). */
export function createBatchRoute(random: () => number): GraphRoute {
  return {
    pattern: ['$batch'],
    operations: {
      POST: {
        permission: anyCaller,
        // Batching saves round trips, not quota: only the inner requests are charged.
        cost: 'free',
        handle: async ({ call, dispatch }) => {
          const parsed = batchSchema.safeParse(call.body);
          if (!parsed.success) invalid('Expected { "requests": [{ "id", "method", "url", … }] }.');
          const steps = parsed.data.requests;
          validateSteps(steps);
          const results = new Map<string, BatchResponse>();
          let pending = steps;
          while (pending.length > 0) {
            const ready = pending.filter((step) =>
              (step.dependsOn ?? []).every((id) => results.has(key(id))),
            );
            pending = pending.filter((step) => !ready.includes(step));
            const replies = await Promise.all(ready.map((step) => runStep(step, results, call, dispatch)));
            replies.forEach((reply, index) => {
              const step = ready[index];
              if (step !== undefined) results.set(key(step.id), reply);
            });
          }
          const responses = shuffle(
            steps.map((step) => results.get(key(step.id))).filter((r) => r !== undefined),
            random,
          );
          return jsonReply(200, { responses });
        },
      },
    },
  };
}

const key = (id: string): string => id.toLowerCase();

function validateSteps(steps: readonly BatchStep[]): void {
  if (steps.length === 0) invalid('The batch contains no requests.');
  if (steps.length > maxRequests) {
    throw graphError(
      400,
      'BadRequest',
      `A $batch may contain at most ${maxRequests} requests; got ${steps.length}.`,
    );
  }
  const ids = new Set<string>();
  for (const step of steps) {
    if (ids.has(key(step.id))) {
      throw graphError(
        400,
        'BadRequest',
        `Batch request ids must be unique; '${step.id}' appears more than once.`,
      );
    }
    ids.add(key(step.id));
    if (/^[a-z][a-z0-9+.-]*:/i.test(step.url))
      invalid(`Request '${step.id}' has an absolute URL; use a relative one.`);
    const hasContentType = Object.keys(step.headers ?? {}).some(
      (name) => name.toLowerCase() === 'content-type',
    );
    if (step.body !== undefined && !hasContentType) {
      invalid(`Request '${step.id}' has a body but no Content-Type header.`);
    }
  }
  for (const step of steps) {
    for (const dependency of step.dependsOn ?? []) {
      if (!ids.has(key(dependency)))
        invalid(`Request '${step.id}' depends on unknown request '${dependency}'.`);
    }
  }
  // Every step must be reachable in dependency order; a cycle would leave some pending forever.
  const resolved = new Set<string>();
  let progress = true;
  while (progress) {
    progress = false;
    for (const step of steps) {
      if (!resolved.has(key(step.id)) && (step.dependsOn ?? []).every((id) => resolved.has(key(id)))) {
        resolved.add(key(step.id));
        progress = true;
      }
    }
  }
  if (resolved.size < steps.length) invalid('The dependsOn references form a cycle.');
}

async function runStep(
  step: BatchStep,
  results: ReadonlyMap<string, BatchResponse>,
  outer: GraphCall,
  dispatch: (call: GraphCall) => Promise<GraphReply>,
): Promise<BatchResponse> {
  const failedDependency = (step.dependsOn ?? []).some((id) => (results.get(key(id))?.status ?? 0) >= 400);
  if (failedDependency) {
    return {
      id: step.id,
      status: 424,
      headers: {},
      body: { error: { code: 'FailedDependency', message: 'A request this request depends on failed.' } },
    };
  }
  const relative = step.url.replace(/^\//, '');
  const queryStart = relative.indexOf('?');
  const path = `/${queryStart === -1 ? relative : relative.slice(0, queryStart)}`;
  if (/^\/\$batch(\/|$)/i.test(path)) {
    return toResponse(step.id, errorOf(400, 'BadRequest', 'Nested $batch requests are not supported.'));
  }
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(step.headers ?? {})) headers[name.toLowerCase()] = value;
  if (outer.headers.authorization !== undefined) headers.authorization = outer.headers.authorization;
  const reply = await dispatch({
    method: step.method.toUpperCase(),
    path,
    query: new URLSearchParams(queryStart === -1 ? '' : relative.slice(queryStart + 1)),
    headers,
    body: step.body,
  });
  return toResponse(step.id, reply);
}

function toResponse(id: string, reply: GraphReply): BatchResponse {
  return {
    id,
    status: reply.status,
    headers: reply.headers,
    ...(reply.body === undefined ? {} : { body: reply.body }),
  };
}

function errorOf(status: number, code: string, message: string): GraphReply {
  return jsonReply(status, { error: { code, message } });
}

function shuffle<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    const a = items[i];
    const b = items[j];
    if (a !== undefined && b !== undefined) {
      items[i] = b;
      items[j] = a;
    }
  }
  return items;
}
