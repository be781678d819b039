import { describe, expect, it } from 'vitest';
import type { AppServices } from '../../src/app/app-services.js';
import { syncControlFunction } from '../../src/functions/syncs.http.js';
import { SyncError } from '../../src/core/sync-errors.js';
import { stubAppServices } from '../support/app-services-stub.js';
import { anHttpRequest, anInvocationContext } from '../support/http-test-requests.js';

const pause = { since: '2026-01-05T09:00:00.000Z', by: 'admin-api:alice', reason: 'migration' };

function handler(methods: Partial<AppServices>) {
  return syncControlFunction(stubAppServices(methods)).handler;
}

const post = (id: string, action: string, body?: string, headers?: Record<string, string>) =>
  anHttpRequest('POST', `syncs/${id}/${action}`, {
    params: { id, action },
    ...(body === undefined ? {} : { body }),
    ...(headers ? { headers } : {}),
  });

describe('syncControlFunction', () => {
  it('is POST /api/syncs/{id}/{action} behind a function key', () => {
    expect(syncControlFunction(stubAppServices({}))).toMatchObject({
      route: 'syncs/{id}/{action}',
      methods: ['POST'],
      authLevel: 'function',
    });
  });

  it('pauses a sync with the reason and the operator the CLI names', async () => {
    const calls: unknown[] = [];
    const response = await handler({
      pauseSync: (syncId, request) => {
        calls.push([syncId, request]);
        return Promise.resolve({ kind: 'paused', syncId, pause, already: false });
      },
    })(
      post('contoso-to-fabrikam', 'pause', '{"reason":"migration"}', { 'x-xtsync-operator': 'alice' }),
      anInvocationContext(),
    );

    expect(calls).toEqual([['contoso-to-fabrikam', { by: 'admin-api:alice', reason: 'migration' }]]);
    expect(response).toEqual({
      status: 200,
      jsonBody: { kind: 'paused', syncId: 'contoso-to-fabrikam', pause, already: false, state: 'paused' },
    });
  });

  it('resumes a sync without a body', async () => {
    const resumed = {
      kind: 'resumed',
      syncId: 's',
      wasPaused: true,
      wasQuarantined: false,
      fullRound: 'c',
    } as const;
    const response = await handler({ resumeSync: () => Promise.resolve(resumed) })(
      post('s', 'resume'),
      anInvocationContext(),
    );
    expect(response).toEqual({ status: 200, jsonBody: resumed });
  });

  it('answers 400 naming the field for a bad body', async () => {
    const run = handler({});
    const unknownField = await run(post('s', 'pause', '{"reasons":"x"}'), anInvocationContext());
    const emptyReason = await run(post('s', 'pause', '{"reason":"  "}'), anInvocationContext());
    const notJson = await run(post('s', 'pause', 'pause please'), anInvocationContext());

    expect(unknownField).toMatchObject({ status: 400, jsonBody: { error: { code: 'BAD_REQUEST' } } });
    expect(JSON.stringify(unknownField.jsonBody)).toContain('reasons');
    expect(JSON.stringify(emptyReason.jsonBody)).toContain("'reason'");
    expect(notJson).toMatchObject({
      status: 400,
      jsonBody: { error: { message: 'The body is not valid JSON.' } },
    });
  });

  it('answers 400 for a sync id that cannot be one, and 404 for an unknown action or sync', async () => {
    const run = handler({
      pauseSync: () => Promise.resolve({ kind: 'unknown-sync' }),
      resumeSync: () => Promise.resolve({ kind: 'unknown-sync' }),
    });
    expect(await run(post('Not_A_Sync', 'pause'), anInvocationContext())).toMatchObject({ status: 400 });
    expect(await run(post('s', 'stop'), anInvocationContext())).toMatchObject({ status: 404 });
    const unknown = await run(post('nope', 'resume'), anInvocationContext());
    expect(unknown).toMatchObject({ status: 404, jsonBody: { error: { code: 'NOT_FOUND' } } });
    expect(JSON.stringify(unknown.jsonBody)).toContain("'nope'");
  });

  it('answers 503 with the code when the state cannot be reached', async () => {
    const run = handler({
      pauseSync: () =>
        Promise.reject(
          new SyncError('STATE.UNAVAILABLE', 'Table syncControl: no answer.', { retryable: true }),
        ),
    });
    expect(await run(post('s', 'pause'), anInvocationContext())).toMatchObject({
      status: 503,
      jsonBody: { error: { code: 'STATE.UNAVAILABLE', message: 'Table syncControl: no answer. Try again.' } },
    });
  });
});
