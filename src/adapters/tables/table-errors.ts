/**
 * Translates Table Storage failures (`RestError`) into {@link SyncError}s the use cases can act on. The SDK
 * error itself is never kept as the cause: it carries the signed request and the entity body, which can hold
 * client states.
 */
import { RestError } from '@azure/data-tables';
import { SyncError } from '../../core/sync-errors.js';

/** Where a Table operation failed: named in every error so an operator can find the row. */
export interface TableOperation {
  readonly table: string;
  /** What was attempted, e.g. `create`, `replace`, `get`, `query`. */
  readonly operation: string;
  readonly partitionKey?: string;
  readonly rowKey?: string;
  /** True for writes conditional on an ETag or on the row not existing (create). */
  readonly conditional?: boolean;
}

// Node socket errors that mean "no answer", when they reach us without a RestError around them.
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'REQUEST_SEND_ERROR',
]);

/** True when `error` is the Table service saying the row (or table) does not exist. */
export function isNotFound(error: unknown): boolean {
  return isRestError(error) && error.statusCode === 404;
}

/**
 * Maps a failure of `operation` to a SyncError: a lost race on a conditional write (412, 409, or 404 because
 * the row is gone) is `STATE.CONFLICT` (retryable); no answer, 5xx, 408 and 429 are `STATE.UNAVAILABLE`
 * (retryable); any other status is `STATE.UNAVAILABLE`, not retryable, with the status in `details`.
 * SyncErrors and errors that are not from the storage client (bugs) are returned unchanged.
 */
export function toStateError(error: unknown, operation: TableOperation): unknown {
  if (error instanceof SyncError) return error;
  const status = isRestError(error) ? error.statusCode : undefined;
  const serviceCode = isRestError(error) ? serviceErrorCode(error) : undefined;
  const networkCode = errorCode(error);
  if (!isRestError(error) && (networkCode === undefined || !NETWORK_CODES.has(networkCode))) return error;

  const where = describeOperation(operation);
  const details = {
    table: operation.table,
    operation: operation.operation,
    status,
    serviceCode: serviceCode ?? networkCode,
  };
  const cause = new Error(`Table Storage ${status ?? 'no response'} ${serviceCode ?? networkCode ?? ''}`);
  const lostRace = operation.conditional === true && (status === 412 || status === 409 || status === 404);
  if (lostRace) {
    return new SyncError('STATE.CONFLICT', `${where} lost a race: the row changed since it was read.`, {
      retryable: true,
      details,
      cause,
    });
  }
  if (status === undefined || status >= 500 || status === 408 || status === 429) {
    const what = status === undefined ? `no answer (${networkCode ?? 'network'})` : `status ${status}`;
    return new SyncError('STATE.UNAVAILABLE', `${where} failed with ${what}.`, {
      retryable: true,
      details,
      cause,
    });
  }
  return new SyncError(
    'STATE.UNAVAILABLE',
    `${where} was rejected with status ${status}${serviceCode ? ` (${serviceCode})` : ''}.`,
    { retryable: false, details, cause },
  );
}

/**
 * Runs a point read and turns "not found" into `null`; other failures become SyncErrors.
 *
 * @throws SyncError from {@link toStateError}.
 */
export async function readOrNull<T>(read: () => Promise<T>, operation: TableOperation): Promise<T | null> {
  try {
    return await read();
  } catch (error) {
    if (isNotFound(error)) return null;
    throw toStateError(error, operation);
  }
}

/**
 * Runs a storage call and rethrows its failure as a SyncError.
 *
 * @throws SyncError from {@link toStateError}.
 */
export async function withStateErrors<T>(call: () => Promise<T>, operation: TableOperation): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw toStateError(error, operation);
  }
}

/** `Table links: replace (PartitionKey 'x', RowKey 'y')`. */
export function describeOperation(operation: TableOperation): string {
  const keys = [
    operation.partitionKey === undefined ? undefined : `PartitionKey '${operation.partitionKey}'`,
    operation.rowKey === undefined ? undefined : `RowKey '${operation.rowKey}'`,
  ].filter((part) => part !== undefined);
  return `Table ${operation.table}: ${operation.operation}${keys.length ? ` (${keys.join(', ')})` : ''}`;
}

function isRestError(error: unknown): error is RestError {
  return error instanceof RestError || (error instanceof Error && error.name === 'RestError');
}

function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  return typeof error.code === 'string' ? error.code : undefined;
}

// The service's own code (`EntityAlreadyExists`, `UpdateConditionNotSatisfied`), from the SDK's details.
function serviceErrorCode(error: RestError): string | undefined {
  const details: unknown = error.details;
  if (typeof details === 'object' && details !== null && 'errorCode' in details) {
    if (typeof details.errorCode === 'string') return details.errorCode;
  }
  return error.code;
}
