/**
 * What the safety-rail admin functions share: optional JSON bodies and query strings checked with zod (a 400
 * names the field), who is calling (for the pause, guard and audit records), and state or bus failures
 * answered as 503 with their code instead of a bare 500.
 */
import type { HttpRequest, HttpResponseInit } from '@azure/functions';
import type { z } from 'zod';
import type { Logger } from '../app/ports.js';
import { isSyncError } from '../core/sync-errors.js';
import { errorResponse, parseJsonBody, readBoundedText } from './http-responses.js';

/** Parses a JSON body with `schema`; an empty body is read as `{}`. */
export async function readOptionalJsonBody<T>(
  request: HttpRequest,
  schema: z.ZodType<T>,
  maxBytes = 4096,
): Promise<{ ok: true; value: T } | { ok: false; response: HttpResponseInit }> {
  const body = await readBoundedText(request, maxBytes);
  if (!body.ok) return body;
  return parseJsonBody(body.text.trim() === '' ? '{}' : body.text, schema);
}

/** Parses the query string with `schema` (the `code` key parameter left out). */
export function parseQuery<T>(
  request: HttpRequest,
  schema: z.ZodType<T>,
): { ok: true; value: T } | { ok: false; response: HttpResponseInit } {
  const raw = Object.fromEntries([...request.query.entries()].filter(([key]) => key !== 'code'));
  const parsed = schema.safeParse(raw);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issue = parsed.error.issues[0];
  const where = issue && issue.path.length > 0 ? ` '${issue.path.join('.')}'` : '';
  return {
    ok: false,
    response: errorResponse(400, 'BAD_REQUEST', `Invalid query parameter${where}: ${issue?.message ?? ''}.`),
  };
}

/** A 400 for a route parameter that is not what the route expects. */
export function badRouteParameter(name: string, expected: string): HttpResponseInit {
  return errorResponse(400, 'BAD_REQUEST', `Invalid route parameter '${name}': ${expected}.`);
}

/**
 * Who is calling: the `x-xtsync-operator` header the CLI sends (the operator's login, letters, digits and
 * `.@_-` only, at most 64), else `admin-api`. A function key proves access, not identity: this is for the
 * record, not for authorization.
 */
export function operatorOf(request: HttpRequest): string {
  const named = request.headers.get('x-xtsync-operator')?.trim() ?? '';
  return /^[A-Za-z0-9.@_-]{1,64}$/.test(named) ? `admin-api:${named}` : 'admin-api';
}

/**
 * Runs `work`; a SyncError (state or bus unreachable, a race lost again and again) becomes a 503 naming its
 * code, so the operator learns what failed without a stack trace.
 */
export async function answerOrUnavailable(
  logger: Logger,
  work: () => Promise<HttpResponseInit>,
): Promise<HttpResponseInit> {
  try {
    return await work();
  } catch (error) {
    if (!isSyncError(error)) throw error;
    logger.error('Admin request failed', { code: error.code });
    return errorResponse(503, error.code, `${error.message}${error.retryable ? ' Try again.' : ''}`);
  }
}
