import { HttpRequest, InvocationContext } from '@azure/functions';
import { describe, expect, it } from 'vitest';
import type { JobRecord } from '../../src/app/control-ports.js';
import type { StartReconcileOutcome } from '../../src/app/reconcile-job.js';
import { SyncError } from '../../src/core/sync-errors.js';
import { reconcileHttpFunction } from '../../src/functions/reconcile.http.js';
import { reconcileTimerFunction } from '../../src/functions/reconcile.timer.js';
import { stubAppServices } from '../support/app-services-stub.js';

const job: JobRecord = {
  id: 'job-1',
  kind: 'reconcile',
  status: 'queued',
  scope: {},
  requestedBy: 'admin-api:inv-1',
  createdAt: '2026-01-05T09:00:00.000Z',
  startedAt: null,
  finishedAt: null,
  updatedAt: '2026-01-05T09:00:00.000Z',
  progress: { phase: 'queued', done: 0, total: null },
  result: null,
  error: null,
};

function post(body?: string): HttpRequest {
  return new HttpRequest({
    method: 'POST',
    url: 'http://127.0.0.1:7071/api/reconcile',
    ...(body === undefined ? {} : { body: { string: body } }),
  });
}

const context = () =>
  new InvocationContext({
    invocationId: 'inv-1',
    functionName: 'reconcile-now',
    logHandler: () => undefined,
  });

/** The function over services whose `startReconcile` answers `outcome` and records its requests. */
function withOutcome(outcome: StartReconcileOutcome | Error) {
  const requests: { request: { syncId?: string }; requestedBy: string }[] = [];
  const definition = reconcileHttpFunction(
    stubAppServices({
      startReconcile: (request, requestedBy) => {
        requests.push({ request, requestedBy });
        return outcome instanceof Error ? Promise.reject(outcome) : Promise.resolve(outcome);
      },
    }),
  );
  return { definition, requests };
}

describe('reconcileHttpFunction', () => {
  it('is POST /api/reconcile behind a function key', () => {
    expect(withOutcome({ kind: 'no-topology' }).definition).toMatchObject({
      kind: 'http',
      route: 'reconcile',
      methods: ['POST'],
      authLevel: 'function',
    });
  });

  it('starts a run of every sync for an empty body and answers 202 with the job id', async () => {
    const { definition, requests } = withOutcome({ kind: 'started', job });
    const response = await definition.handler(post(), context());
    expect(response).toMatchObject({
      status: 202,
      jsonBody: { jobId: 'job-1' },
      headers: { location: '/api/jobs/job-1' },
    });
    expect(requests).toEqual([{ request: {}, requestedBy: 'admin-api:inv-1' }]);
  });

  it('starts a run of one sync', async () => {
    const { definition, requests } = withOutcome({ kind: 'started', job });
    await definition.handler(post(JSON.stringify({ syncId: 'contoso-to-fabrikam' })), context());
    expect(requests[0]?.request).toEqual({ syncId: 'contoso-to-fabrikam' });
  });

  it('answers 400 naming the field for a bad sync id, an unknown field or invalid JSON', async () => {
    const { definition, requests } = withOutcome({ kind: 'started', job });
    const badId = await definition.handler(post('{"syncId":"Bad Id"}'), context());
    expect(badId).toMatchObject({ status: 400, jsonBody: { error: { code: 'BAD_REQUEST' } } });
    expect(JSON.stringify(badId.jsonBody)).toContain("'syncId'");
    const unknown = await definition.handler(post('{"syncIds":["a"]}'), context());
    expect(unknown.status).toBe(400);
    expect(JSON.stringify(unknown.jsonBody)).toContain('syncIds');
    expect((await definition.handler(post('{'), context())).status).toBe(400);
    expect(requests).toEqual([]);
  });

  it('answers 409 with the running job id when another run holds the sync', async () => {
    const { definition } = withOutcome({
      kind: 'busy',
      syncId: 'contoso-to-fabrikam',
      runningJobId: 'job-0',
    });
    const response = await definition.handler(post(), context());
    expect(response).toMatchObject({
      status: 409,
      jsonBody: { error: { code: 'CONFLICT', jobId: 'job-0', syncId: 'contoso-to-fabrikam' } },
    });
  });

  it('answers 404 for an unknown sync and 409 when no topology was applied', async () => {
    const unknown = await withOutcome({ kind: 'unknown-sync', syncId: 'nope' }).definition.handler(
      post('{"syncId":"nope"}'),
      context(),
    );
    expect(unknown).toMatchObject({ status: 404, jsonBody: { error: { code: 'NOT_FOUND' } } });
    const none = await withOutcome({ kind: 'no-topology' }).definition.handler(post(), context());
    expect(none).toMatchObject({ status: 409, jsonBody: { error: { code: 'NO_ACTIVE_TOPOLOGY' } } });
  });

  it('answers 503 with the code when the state cannot be reached', async () => {
    const { definition } = withOutcome(
      new SyncError('STATE.UNAVAILABLE', 'Table leases: get failed', { retryable: true }),
    );
    expect(await definition.handler(post(), context())).toMatchObject({
      status: 503,
      jsonBody: { error: { code: 'STATE.UNAVAILABLE' } },
    });
  });
});

describe('reconcileTimerFunction', () => {
  it('runs every sync on the given schedule, recorded as requested by the timer invocation', async () => {
    const runs: string[] = [];
    const definition = reconcileTimerFunction(
      stubAppServices({
        reconcile: (requestedBy) => {
          runs.push(requestedBy);
          return Promise.resolve({ ...job, status: 'succeeded' });
        },
      }),
      '0 */5 * * * *',
    );
    expect(definition).toMatchObject({ kind: 'timer', name: 'reconcile', schedule: '0 */5 * * * *' });
    await definition.handler(
      {
        isPastDue: false,
        schedule: { adjustForDST: false },
        scheduleStatus: { last: '', next: '', lastUpdated: '' },
      },
      new InvocationContext({
        invocationId: 'tick-1',
        functionName: 'reconcile',
        logHandler: () => undefined,
      }),
    );
    expect(runs).toEqual(['timer:tick-1']);
  });
});
