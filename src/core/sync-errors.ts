/**
 * Stable codes for every failure xtsync reports. Entry points decide retries and status codes from these
 * codes and the `retryable` flag, never from messages.
 */
export type SyncErrorCode =
  | 'GRAPH.THROTTLED'
  | 'GRAPH.UNAVAILABLE'
  | 'GRAPH.NETWORK'
  | 'GRAPH.UNAUTHORIZED'
  | 'GRAPH.FORBIDDEN'
  | 'GRAPH.NOT_FOUND'
  | 'GRAPH.BAD_REQUEST'
  | 'GRAPH.CONFLICT'
  | 'GRAPH.RESYNC_REQUIRED'
  | 'GRAPH.UNEXPECTED'
  | 'AUTH.CREDENTIAL'
  | 'STATE.CONFLICT'
  | 'STATE.UNAVAILABLE'
  | 'BUS.UNAVAILABLE'
  | 'BUS.MESSAGE_TOO_LARGE'
  | 'MESSAGE.INVALID'
  | 'CONFIG.INVALID'
  | 'TOPOLOGY.INVALID'
  | 'SYNC.UNKNOWN'
  | 'SYNC.TARGET_CONFLICT';

/** Options for {@link SyncError}. */
export interface SyncErrorOptions {
  /** Whether trying the same operation again later can succeed. */
  readonly retryable?: boolean;
  /** How long to wait before retrying, when the remote side said so (Graph `Retry-After`). */
  readonly retryAfterMs?: number;
  /** The underlying error; never includes secrets. */
  readonly cause?: unknown;
  /** Extra identifiers for logs (ids, status codes); never tokens, secrets or client states. */
  readonly details?: Readonly<Record<string, string | number | boolean | undefined>>;
}

/**
 * A real failure with a stable `code` and a `retryable` flag. Expected outcomes are values, not errors;
 * adapters translate SDK errors into SyncError so use cases and entry points can act on the code alone.
 */
export class SyncError extends Error {
  readonly code: SyncErrorCode;
  readonly retryable: boolean;
  readonly retryAfterMs: number | undefined;
  readonly details: Readonly<Record<string, string | number | boolean | undefined>>;

  constructor(code: SyncErrorCode, message: string, options: SyncErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'SyncError';
    this.code = code;
    this.retryable = options.retryable ?? false;
    this.retryAfterMs = options.retryAfterMs;
    this.details = options.details ?? {};
  }
}

/** True when `error` is a {@link SyncError}, optionally with one of the given codes. */
export function isSyncError(error: unknown, ...codes: SyncErrorCode[]): error is SyncError {
  return error instanceof SyncError && (codes.length === 0 || codes.includes(error.code));
}
