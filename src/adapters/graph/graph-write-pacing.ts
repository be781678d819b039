/**
 * The Graph client middleware that paces writes (graph-write-pacer.ts). It sits after the RetryHandler, so
 * every attempt — retries included — waits for its slot and reports Graph's answer back to the pacer.
 * When the slot is further away than a worker should wait, it answers with a 429 of its own carrying the
 * wait as Retry-After, without calling Graph; the usual mapping then makes that a retryable
 * `GRAPH.THROTTLED` whose message is rescheduled for when the quota has room.
 */
import type { Context, Middleware } from '@microsoft/microsoft-graph-client';
import { parseRetryAfter } from './graph-retry-after.js';
import type { WriteDemand, WritePacer } from './graph-write-pacer.js';

const readMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * What a request spends of the write quotas, or null when it is not a paced write: reads, and
 * subscription calls (their own quota, and the source tenants' lifeline). A `$batch` spends one write per
 * inner write request.
 *
 * @param method - The HTTP method.
 * @param url - The absolute request URL.
 * @param body - The request body as sent (a `$batch` body is JSON text).
 */
export function writeDemandOf(method: string, url: string, body: unknown): WriteDemand | null {
  const verb = method.toUpperCase();
  if (readMethods.has(verb)) return null;
  const path = graphPath(url);
  if (path === '/$batch') return batchDemand(body);
  if (path.startsWith('/subscriptions')) return null;
  return { writes: 1, invitations: verb === 'POST' && path === '/invitations' ? 1 : 0 };
}

/** Paces the writes of one tenant's client with `pacer`. */
export class WritePacingHandler implements Middleware {
  private next: Middleware | undefined;

  /**
   * @param pacer - The tenant's pacer, shared by every client of the tenant in this process.
   * @param maxWaitMs - The longest a request waits in-process for its slot.
   */
  constructor(
    private readonly pacer: WritePacer,
    private readonly maxWaitMs: number,
  ) {}

  /** Waits for the request's slot (or answers 429 itself), sends it, and reports the answer. */
  async execute(context: Context): Promise<void> {
    if (this.next === undefined) throw new Error('WritePacingHandler has no next middleware.');
    // The SDK types the request with the DOM's RequestInfo: a URL string or a fetch Request.
    const request: unknown = context.request;
    const url = typeof request === 'string' ? request : request instanceof Request ? request.url : '';
    const method = context.options?.method ?? (request instanceof Request ? request.method : 'GET');
    const demand = writeDemandOf(method, url, context.options?.body);
    if (demand === null) {
      await this.next.execute(context);
      return;
    }
    const slot = await this.pacer.acquire(demand, this.maxWaitMs);
    if ('retryAfterMs' in slot) {
      context.response = pacedResponse(slot.retryAfterMs);
      return;
    }
    await this.next.execute(context);
    const response = context.response;
    if (response === undefined) return;
    const percentage = Number(response.headers.get('x-ms-throttle-limit-percentage') ?? Number.NaN);
    const retryAfterMs = parseRetryAfter(response.headers.get('Retry-After'));
    const information = response.headers.get('x-ms-throttle-information');
    this.pacer.observe(demand, {
      status: response.status,
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
      ...(Number.isFinite(percentage) ? { limitPercentage: percentage } : {}),
      ...(information === null ? {} : { throttleInformation: information }),
    });
  }

  /** Sets the middleware that sends the request on. */
  setNext(next: Middleware): void {
    this.next = next;
  }
}

/** The path under the Graph version segment, lower-case (`/users/x`, `/invitations`, `/$batch`). */
function graphPath(url: string): string {
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    path = url.split('?')[0] ?? url;
  }
  return decodeURIComponent(path)
    .toLowerCase()
    .replace(/^\/(v1\.0|beta)(?=\/|$)/, '');
}

function batchDemand(body: unknown): WriteDemand | null {
  let parsed: unknown = body;
  if (typeof body === 'string') {
    try {
      parsed = JSON.parse(body);
    } catch {
      return { writes: 1, invitations: 0 };
    }
  }
  const requests = (parsed as { requests?: unknown } | null)?.requests;
  if (!Array.isArray(requests)) return { writes: 1, invitations: 0 };
  let writes = 0;
  let invitations = 0;
  for (const inner of requests as unknown[]) {
    const { method, url } = (inner ?? {}) as { method?: unknown; url?: unknown };
    if (typeof method !== 'string' || typeof url !== 'string') continue;
    const demand = writeDemandOf(
      method,
      `https://graph.invalid/v1.0${url.startsWith('/') ? '' : '/'}${url}`,
      null,
    );
    if (demand === null) continue;
    writes += demand.writes;
    invitations += demand.invitations;
  }
  return writes === 0 ? null : { writes, invitations };
}

/** A Graph-shaped 429 for a write the pacer holds back, with the wait as Retry-After (seconds). */
function pacedResponse(retryAfterMs: number): Response {
  const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  return new Response(
    JSON.stringify({
      error: {
        code: 'TooManyRequests',
        message: `xtsync held this write back: the tenant's write quota has room again in about ${seconds} s.`,
      },
    }),
    {
      status: 429,
      headers: {
        'Content-Type': 'application/json',
        'Retry-After': String(seconds),
        'x-ms-throttle-information': 'ClientPacing',
      },
    },
  );
}
