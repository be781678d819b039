/**
 * The unit of work of the simulator's Graph side: one call (from HTTP or from a `$batch` step) and its reply,
 * independent of sockets so `$batch` can run inner requests through the same pipeline as outer ones.
 */
import { randomUUID } from 'node:crypto';
import { GraphHttpError } from '../graph-http-error.js';

/** Content type of every Graph JSON body (errors included), as Microsoft Graph sends it. */
export const graphJsonContentType =
  'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';

/** One Graph v1.0 call after HTTP parsing. */
export interface GraphCall {
  /** Upper-case HTTP method. */
  readonly method: string;
  /** Path after the version segment, still percent-encoded (e.g. `/users/alice_contoso.com%23EXT%23@…`). */
  readonly path: string;
  readonly query: URLSearchParams;
  /** Request headers with lower-case names. */
  readonly headers: Readonly<Record<string, string>>;
  /** Parsed JSON body, or undefined when the request had none. */
  readonly body: unknown;
}

/** A reply before it is written to a socket or embedded in a `$batch` response. */
export interface GraphReply {
  readonly status: number;
  readonly headers: Record<string, string>;
  /** JSON body; undefined means no body (204). */
  readonly body?: unknown;
}

/** A JSON reply with Graph's content type. */
export function jsonReply(status: number, body: unknown, headers: Record<string, string> = {}): GraphReply {
  return { status, headers: { 'Content-Type': graphJsonContentType, ...headers }, body };
}

/** A reply without a body (204 No Content and friends). */
export function emptyReply(status = 204, headers: Record<string, string> = {}): GraphReply {
  return { status, headers };
}

/** Graph's error envelope for `error`; `innerError` is added later by the pipeline, which knows the ids. */
export function errorReply(error: GraphHttpError): GraphReply {
  return jsonReply(
    error.status,
    { error: { code: error.code, message: error.message } },
    { ...error.headers },
  );
}

/** Adds `innerError` (date, request-id, client-request-id) to an error envelope that has none yet. */
function withInnerError(reply: GraphReply, requestId: string, clientRequestId: string): GraphReply {
  if (!isErrorEnvelope(reply.body) || reply.body.error.innerError !== undefined) return reply;
  const innerError = {
    date: new Date().toISOString().slice(0, 19),
    'request-id': requestId,
    'client-request-id': clientRequestId,
  };
  return { ...reply, body: { error: { ...reply.body.error, innerError } } };
}

/**
 * The last step of every Graph reply: `innerError` on error envelopes, a fresh `request-id`, and the
 * caller's `client-request-id` echoed (Graph uses the request id when the caller sent none).
 */
export function finalizeReply(
  reply: GraphReply,
  requestHeaders: Readonly<Record<string, string>>,
): GraphReply {
  const requestId = randomUUID();
  const clientRequestId = requestHeaders['client-request-id'] ?? requestId;
  const withIds = withInnerError(reply, requestId, clientRequestId);
  return {
    ...withIds,
    headers: { ...withIds.headers, 'request-id': requestId, 'client-request-id': clientRequestId },
  };
}

function isErrorEnvelope(body: unknown): body is { error: Record<string, unknown> } {
  if (typeof body !== 'object' || body === null || !('error' in body)) return false;
  const error = body.error;
  return typeof error === 'object' && error !== null;
}

/** Shorthand for the errors the server itself raises. */
export function graphError(
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
): GraphHttpError {
  return new GraphHttpError(status, code, message, headers);
}
