import { RestError } from '@azure/data-tables';
import { describe, expect, it } from 'vitest';
import { readOrNull, toStateError } from '../../../src/adapters/tables/table-errors.js';
import { SyncError } from '../../../src/core/sync-errors.js';

const write = {
  table: 'xlinks',
  operation: 'replace',
  partitionKey: 'sync-1',
  rowKey: 'user-1',
  conditional: true,
};
const read = { table: 'xlinks', operation: 'get', partitionKey: 'sync-1', rowKey: 'user-1' };

function restError(statusCode: number | undefined, code?: string): RestError {
  const error = new RestError('service said no', { statusCode, code });
  error.details = { errorCode: code };
  return error;
}

describe('toStateError', () => {
  it.each([412, 409, 404])('turns %i on a conditional write into a retryable STATE.CONFLICT', (status) => {
    expect(toStateError(restError(status), write)).toMatchObject({
      code: 'STATE.CONFLICT',
      retryable: true,
      message: expect.stringContaining(
        "Table xlinks: replace (PartitionKey 'sync-1', RowKey 'user-1')",
      ) as unknown,
    });
  });

  it.each([500, 503, 408, 429])('turns %i into a retryable STATE.UNAVAILABLE', (status) => {
    expect(toStateError(restError(status), read)).toMatchObject({
      code: 'STATE.UNAVAILABLE',
      retryable: true,
    });
  });

  it('turns a request that got no answer into a retryable STATE.UNAVAILABLE', () => {
    expect(toStateError(restError(undefined, 'ECONNREFUSED'), read)).toMatchObject({
      code: 'STATE.UNAVAILABLE',
      retryable: true,
      message: expect.stringContaining('no answer (ECONNREFUSED)') as unknown,
    });
  });

  it('turns any other status into a STATE.UNAVAILABLE that is not retryable, with the status', () => {
    expect(toStateError(restError(403, 'AuthorizationFailure'), read)).toMatchObject({
      code: 'STATE.UNAVAILABLE',
      retryable: false,
      details: { status: 403, serviceCode: 'AuthorizationFailure' },
    });
    expect(toStateError(restError(409, 'TableBeingDeleted'), read)).toMatchObject({ retryable: false });
  });

  it('does not keep the SDK error, whose request and body may carry secrets', () => {
    const mapped = toStateError(restError(500), read) as SyncError;
    expect(mapped.cause).not.toBeInstanceOf(RestError);
  });

  it('leaves SyncErrors and programming errors as they are', () => {
    const syncError = new SyncError('STATE.CONFLICT', 'already mapped');
    const bug = new TypeError('undefined is not a function');
    expect(toStateError(syncError, read)).toBe(syncError);
    expect(toStateError(bug, read)).toBe(bug);
  });
});

describe('readOrNull', () => {
  it('turns 404 on a read into null', async () => {
    expect(await readOrNull(() => Promise.reject(restError(404, 'ResourceNotFound')), read)).toBeNull();
  });

  it('rethrows other failures as SyncErrors', async () => {
    await expect(readOrNull(() => Promise.reject(restError(503)), read)).rejects.toMatchObject({
      code: 'STATE.UNAVAILABLE',
    });
  });
});
