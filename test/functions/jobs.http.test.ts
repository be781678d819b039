import { HttpRequest, InvocationContext } from '@azure/functions';
import { describe, expect, it } from 'vitest';
import type { JobKind } from '../../src/app/control-ports.js';
import { jobsFunction } from '../../src/functions/jobs.http.js';
import { stubAppServices } from '../support/app-services-stub.js';
import { aJob } from '../support/contracts/job-store.contract.js';

function get(id?: string, query = ''): HttpRequest {
  return new HttpRequest({
    method: 'GET',
    url: `http://127.0.0.1:7071/api/jobs${id === undefined ? '' : `/${id}`}${query}`,
    params: id === undefined ? {} : { id },
  });
}

const context = () =>
  new InvocationContext({ invocationId: 'inv-1', functionName: 'jobs', logHandler: () => undefined });

describe('jobsFunction', () => {
  const listed: { kind?: JobKind; limit: number }[] = [];
  const provider = stubAppServices({
    readJob: (id) => Promise.resolve(id === 'job-1' ? aJob({ id: 'job-1', status: 'running' }) : null),
    listJobs: (options) => {
      listed.push(options);
      return Promise.resolve([aJob()]);
    },
  });
  const { handler } = jobsFunction(provider);

  it('is GET /api/jobs/{id?} behind a function key', () => {
    expect(jobsFunction(provider)).toMatchObject({
      route: 'jobs/{id?}',
      methods: ['GET'],
      authLevel: 'function',
    });
  });

  it('answers the job record', async () => {
    expect(await handler(get('job-1'), context())).toEqual({
      status: 200,
      jsonBody: aJob({ id: 'job-1', status: 'running' }),
    });
  });

  it('answers 404 for an unknown job and 400 for an id that cannot be one', async () => {
    expect(await handler(get('job-2'), context())).toMatchObject({
      status: 404,
      jsonBody: { error: { code: 'NOT_FOUND' } },
    });
    expect(await handler(get('job 2;drop'), context())).toMatchObject({
      status: 400,
      jsonBody: { error: { code: 'BAD_REQUEST' } },
    });
  });

  it('lists recent jobs, optionally of one kind, and refuses a bad query', async () => {
    expect(await handler(get(undefined, '?kind=reconcile&limit=5&code=secret'), context())).toEqual({
      status: 200,
      jsonBody: { jobs: [aJob()] },
    });
    expect(listed).toEqual([{ kind: 'reconcile', limit: 5 }]);
    const bad = await handler(get(undefined, '?kind=everything'), context());
    expect(bad).toMatchObject({
      status: 400,
      jsonBody: { error: { message: expect.stringContaining("'kind'") as unknown } },
    });
  });
});
