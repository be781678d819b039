import { HttpRequest, InvocationContext } from '@azure/functions';
import { describe, expect, it } from 'vitest';
import type { JobRecord } from '../../src/app/control-ports.js';
import type { OnDemandRequest } from '../../src/app/provision-on-demand.js';
import type { FullResyncOutcome, FullResyncTarget } from '../../src/app/start-full-resync.js';
import { SyncError } from '../../src/core/sync-errors.js';
import { resyncFunction } from '../../src/functions/resync.http.js';
import { stubAppServices } from '../support/app-services-stub.js';
import { aJob } from '../support/contracts/job-store.contract.js';

const adele = '5b1c4a4e-0d7e-4c1a-9d3f-1a2b3c4d5e6f';
const contoso = '11111111-1111-4111-8111-111111111111';

function post(body: unknown): HttpRequest {
  return new HttpRequest({
    method: 'POST',
    url: 'http://127.0.0.1:7071/api/resync',
    body: { string: typeof body === 'string' ? body : JSON.stringify(body) },
  });
}

const context = () =>
  new InvocationContext({ invocationId: 'inv-7', functionName: 'resync', logHandler: () => undefined });

function withFullResync(outcome: FullResyncOutcome) {
  const calls: { target: FullResyncTarget; requestedBy: string }[] = [];
  const provider = stubAppServices({
    startFullResync: (target, requestedBy) => {
      calls.push({ target, requestedBy });
      return Promise.resolve(outcome);
    },
  });
  return { handler: resyncFunction(provider).handler, calls };
}

function withOnDemand() {
  const requests: OnDemandRequest[] = [];
  const provider = stubAppServices({
    provisionOnDemand: (request) => {
      requests.push(request);
      return Promise.resolve(
        request.syncId === 'nope'
          ? { kind: 'unknown-sync', syncId: 'nope', topologyVersion: 4 }
          : { kind: 'done', syncId: request.syncId, reports: [] },
      );
    },
  });
  return { handler: resyncFunction(provider).handler, requests };
}

describe('resyncFunction', () => {
  it('is POST /api/resync behind a function key', () => {
    expect(resyncFunction(stubAppServices({}))).toMatchObject({
      name: 'resync',
      route: 'resync',
      methods: ['POST'],
      authLevel: 'function',
    });
  });

  it('provisions one user or a list of users on demand and answers the reports', async () => {
    const { handler, requests } = withOnDemand();
    const one = await handler(post({ syncId: 'contoso-to-fabrikam', sourceUserId: adele }), context());
    const many = await handler(
      post({ syncId: 'contoso-to-fabrikam', sourceUserIds: [adele, adele] }),
      context(),
    );

    expect(one).toEqual({ status: 200, jsonBody: { syncId: 'contoso-to-fabrikam', reports: [] } });
    expect(many.status).toBe(200);
    expect(requests).toEqual([
      { syncId: 'contoso-to-fabrikam', sourceUserIds: [adele] },
      { syncId: 'contoso-to-fabrikam', sourceUserIds: [adele, adele] },
    ]);
  });

  it('answers 404 for a sync the active topology does not have', async () => {
    const { handler } = withOnDemand();
    const response = await handler(post({ syncId: 'nope', sourceUserId: adele }), context());
    expect(response).toMatchObject({
      status: 404,
      jsonBody: {
        error: { code: 'NOT_FOUND', message: "No sync 'nope' in the active topology (version 4)." },
      },
    });
  });

  it.each([
    [{ syncId: 'contoso-to-fabrikam', sourceUserId: 'adele' }, "'sourceUserId'", 'GUID'],
    [{ syncId: 'contoso-to-fabrikam', sourceUserIds: [adele, 'x'] }, "'sourceUserIds.1'", 'GUID'],
    [
      { syncId: 'contoso-to-fabrikam', sourceUserIds: Array(51).fill(adele) },
      "'sourceUserIds'",
      'at most 50',
    ],
    [{ syncId: 'Not A Sync' }, "'syncId'", 'sync id'],
    [{ sourceUserId: adele }, "'syncId'", 'required with sourceUserId'],
    [{}, "'syncId'", 'required'],
    [{ syncId: 'contoso-to-fabrikam', sourceTenantId: contoso }, "'sourceTenantId'", 'not both'],
    [{ syncId: 'a', sourceUserId: adele, sourceUserIds: [adele] }, "'sourceUserIds'", 'not both'],
    [{ syncId: 'a', users: [] }, 'users', 'Unrecognized key'],
  ])('answers 400 naming the field for %j', async (body, field, problem) => {
    const { handler } = withOnDemand();
    const response = await handler(post(body), context());
    expect(response.status).toBe(400);
    const message = (response.jsonBody as { error: { code: string; message: string } }).error;
    expect(message.code).toBe('BAD_REQUEST');
    expect(message.message).toContain(field);
    expect(message.message).toContain(problem);
  });

  it('answers 400 for a body that is not JSON', async () => {
    const { handler } = withOnDemand();
    expect((await handler(post('syncId=x'), context())).status).toBe(400);
  });

  it('starts a full resync of a sync and answers 202 with the job id', async () => {
    const job: JobRecord = aJob({ id: 'job-42' });
    const { handler, calls } = withFullResync({ kind: 'started', job });
    const response = await handler(post({ syncId: 'contoso-to-fabrikam' }), context());
    expect(response).toMatchObject({
      status: 202,
      headers: { location: '/api/jobs/job-42' },
      jsonBody: { jobId: 'job-42' },
    });
    expect(calls).toEqual([{ target: { syncId: 'contoso-to-fabrikam' }, requestedBy: 'admin-api:inv-7' }]);
  });

  it('starts a full resync of a source tenant', async () => {
    const { handler, calls } = withFullResync({ kind: 'started', job: aJob() });
    expect((await handler(post({ sourceTenantId: contoso }), context())).status).toBe(202);
    expect(calls[0]?.target).toEqual({ sourceTenantId: contoso });
  });

  it('answers 404 for an unknown sync or tenant, and 409 with the job id while one is running', async () => {
    expect(
      (await withFullResync({ kind: 'unknown-sync', syncId: 'x' }).handler(post({ syncId: 'x' }), context()))
        .status,
    ).toBe(404);
    const tenant = await withFullResync({ kind: 'unknown-tenant', sourceTenantId: contoso }).handler(
      post({ sourceTenantId: contoso }),
      context(),
    );
    expect(tenant).toMatchObject({
      status: 404,
      jsonBody: { error: { message: expect.stringContaining(contoso) as unknown } },
    });
    const conflict = await withFullResync({ kind: 'already-running', jobId: 'job-1' }).handler(
      post({ syncId: 'contoso-to-fabrikam' }),
      context(),
    );
    expect(conflict).toMatchObject({
      status: 409,
      jsonBody: { error: { code: 'CONFLICT', jobId: 'job-1' } },
    });
  });

  it('answers 503 with the code when the state cannot be reached', async () => {
    const provider = stubAppServices({
      startFullResync: () => Promise.reject(new SyncError('BUS.UNAVAILABLE', 'Service Bus is unreachable.')),
    });
    const response = await resyncFunction(provider).handler(
      post({ syncId: 'contoso-to-fabrikam' }),
      context(),
    );
    expect(response).toMatchObject({ status: 503, jsonBody: { error: { code: 'BUS.UNAVAILABLE' } } });
  });
});
