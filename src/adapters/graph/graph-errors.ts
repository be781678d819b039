/**
 * Translation of everything the Graph client and @azure/identity throw into {@link SyncError}s with stable
 * codes, so use cases and entry points decide retries from the code alone.
 */
import { GraphError } from '@microsoft/microsoft-graph-client';
import { SyncError, type SyncErrorCode } from '../../core/sync-errors.js';
import { parseRetryAfter, readHeader } from './graph-retry-after.js';
import { scrubText } from './graph-scrub.js';

/** What xtsync was doing when Graph failed; names the usual missing permission in 403 messages. */
export type GraphOperation =
  | 'read delta'
  | 'read users'
  | 'invite external member'
  | 'update user'
  | 'delete user'
  | 'list deleted users'
  | 'restore deleted user'
  | 'manage subscriptions'
  | 'batch'
  | 'acquire token'
  | 'read policies';

/** Where a Graph failure happened; every field ends up in the error's details or message. */
export interface GraphErrorContext {
  readonly tenantId: string;
  readonly operation: GraphOperation;
  /** The user or subscription the call was about, when there is one. */
  readonly objectId?: string;
  /** Values that must never appear in a message (client states, secrets); replaced by `[redacted]`. */
  readonly redact?: readonly string[];
}

/** A failed Graph response reduced to what the mapping needs (a thrown GraphError or a `$batch` item). */
export interface GraphFailure {
  readonly status: number;
  readonly code: string | null;
  readonly message: string;
  readonly requestId: string | null;
  readonly headers?: Headers | Readonly<Record<string, unknown>>;
}

const usualPermission: Readonly<Record<GraphOperation, string>> = {
  'read delta': 'User.Read.All',
  'read users': 'User.Read.All',
  'invite external member': 'User.Invite.All',
  'update user': 'User.ReadWrite.All',
  'delete user': 'User.ReadWrite.All',
  'list deleted users': 'User.Read.All',
  'restore deleted user': 'User.ReadWrite.All',
  'manage subscriptions': 'User.Read.All',
  batch: 'the permissions of the batched requests',
  'acquire token': 'admin consent for the app',
  'read policies': 'Policy.Read.All',
};

const credentialErrorNames = new Set([
  'AuthenticationError',
  'CredentialUnavailableError',
  'AuthenticationRequiredError',
  'AggregateAuthenticationError',
]);

/**
 * Converts any error thrown by a Graph call into a SyncError with a stable code; a SyncError passes through.
 *
 * @param error - What the Graph client, @azure/identity or fetch threw.
 * @param context - Tenant and operation, for the message and details.
 */
export function toSyncError(error: unknown, context: GraphErrorContext): SyncError {
  if (error instanceof SyncError) return error;
  if (error instanceof GraphError && error.statusCode > 0) {
    return fromGraphFailure(
      {
        status: error.statusCode,
        code: error.code,
        message: error.message,
        requestId: error.requestId,
        headers: error.headers,
      },
      context,
      error,
    );
  }
  // No HTTP response: the token could not be had, or the request never got an answer. The Graph client
  // wraps both in a GraphError whose `code` is the original error's name.
  const name = error instanceof GraphError ? (error.code ?? '') : error instanceof Error ? error.name : '';
  const message = error instanceof Error ? error.message : String(error);
  if (credentialErrorNames.has(name)) return credentialError(name, message, context, error);
  if (name === 'GraphClientError') {
    return new SyncError('GRAPH.UNEXPECTED', `${where(context)}: ${clean(message, context)}`, {
      cause: error,
      details: baseDetails(context),
    });
  }
  if (isNetworkFailure(name, message)) {
    return new SyncError(
      'GRAPH.NETWORK',
      `${where(context)} got no answer from Graph (${clean(message, context)}); will retry`,
      { retryable: true, cause: error, details: baseDetails(context) },
    );
  }
  return new SyncError('GRAPH.UNEXPECTED', `${where(context)} failed: ${clean(message, context)}`, {
    cause: error,
    details: baseDetails(context),
  });
}

/**
 * Maps a failed Graph response (status, error code, headers) to a SyncError.
 *
 * @param failure - The response's status, `error.code`, `error.message`, request id and headers.
 * @param context - Tenant and operation, for the message and details.
 * @param cause - The original error, kept as the SyncError's cause.
 */
export function fromGraphFailure(
  failure: GraphFailure,
  context: GraphErrorContext,
  cause?: unknown,
): SyncError {
  const { status, code } = failure;
  const requestId = failure.requestId ?? readHeader(failure.headers, 'request-id') ?? undefined;
  const details = { ...baseDetails(context), status, graphCode: code ?? undefined, requestId };
  const graphText = `${status}${code ? ` ${code}` : ''}: ${clean(failure.message, context)}`;
  const text = `${where(context)} failed with ${graphText}`;
  const retryAfterMs = parseRetryAfter(readHeader(failure.headers, 'Retry-After'));
  const lowerCode = (code ?? '').toLowerCase();
  const make = (c: SyncErrorCode, message: string, retryable: boolean): SyncError =>
    new SyncError(c, message, { retryable, retryAfterMs, cause, details });

  if (status === 410 || lowerCode === 'syncstatenotfound' || lowerCode === 'resyncrequired') {
    return make('GRAPH.RESYNC_REQUIRED', `${text}; a full delta round is needed`, false);
  }
  if (status === 429) return make('GRAPH.THROTTLED', `${text}; Graph is throttling this app`, true);
  if (status === 500 || status === 502 || status === 503 || status === 504) {
    return make('GRAPH.UNAVAILABLE', `${text}; Graph is unavailable, will retry`, true);
  }
  if (status === 401) {
    return make(
      'GRAPH.UNAUTHORIZED',
      `${text}; the app's token was refused (is the app consented in tenant ${context.tenantId}?)`,
      false,
    );
  }
  if (status === 403) {
    const permission = usualPermission[context.operation];
    return make(
      'GRAPH.FORBIDDEN',
      `${text}; the app usually lacks the application permission ${permission} in tenant ${context.tenantId}`,
      false,
    );
  }
  if (status === 404) return make('GRAPH.NOT_FOUND', text, false);
  if (status === 409 || status === 412 || lowerCode === 'request_multipleobjectswithsamekeyvalue') {
    return make('GRAPH.CONFLICT', text, false);
  }
  if (status === 400) return make('GRAPH.BAD_REQUEST', text, false);
  return make('GRAPH.UNEXPECTED', text, status >= 500);
}

function credentialError(
  name: string,
  message: string,
  context: GraphErrorContext,
  cause: unknown,
): SyncError {
  // Only the AADSTS code and a short reason: the raw text may quote request parameters.
  const aadsts = /AADSTS\d+/.exec(message)?.[0];
  const reason = /^([a-z_]+) Status code/m.exec(message)?.[1];
  const summary = [aadsts, reason].filter((part) => part !== undefined).join(' ') || name;
  return new SyncError(
    'AUTH.CREDENTIAL',
    `${where(context)}: could not get a Graph token for tenant ${context.tenantId} (${summary}); ` +
      `check the app's credential and its consent in that tenant`,
    { cause, details: { ...baseDetails(context), aadsts, credentialError: name } },
  );
}

// fetch reports refused connections, resets, DNS and TLS failures all as `TypeError: fetch failed`; the
// Graph client keeps only that name and message.
function isNetworkFailure(name: string, message: string): boolean {
  if (name === 'AbortError' || name === 'TimeoutError' || name === 'FetchError') return true;
  return /fetch failed|socket|network|ECONN|ETIMEDOUT|ENOTFOUND|EAI_AGAIN|EPIPE|certificate|TLS|SSL/i.test(
    message,
  );
}

function where(context: GraphErrorContext): string {
  const about = context.objectId === undefined ? '' : ` ${context.objectId}`;
  return `Graph ${context.operation}${about} in tenant ${context.tenantId}`;
}

function baseDetails(context: GraphErrorContext): Record<string, string | undefined> {
  return { tenantId: context.tenantId, operation: context.operation, objectId: context.objectId };
}

function clean(message: string, context: GraphErrorContext): string {
  return scrubText(message, context.redact ?? []);
}
