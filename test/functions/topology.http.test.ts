import { HttpRequest, InvocationContext } from '@azure/functions';
import { describe, expect, it } from 'vitest';
import type { TopologyPlan } from '../../src/app/plan-topology.js';
import { SyncError } from '../../src/core/sync-errors.js';
import { TopologyError } from '../../src/core/topology/topology-error.js';
import { topologyFunction } from '../../src/functions/topology.http.js';
import { stubAppServices } from '../support/app-services-stub.js';

const plan: TopologyPlan = {
  version: null,
  shape: { kind: 'one-to-one', components: [], description: 'one-to-one (contoso → fabrikam)' },
  syncs: [
    {
      id: 'contoso-to-fabrikam',
      from: 'contoso',
      to: 'fabrikam',
      create: [],
      update: 3,
      remove: [],
      unchanged: 1,
      source: 'mirror',
    },
  ],
};

function post(query: string, body = 'version: 1\n'): HttpRequest {
  return new HttpRequest({
    method: 'POST',
    url: `http://127.0.0.1:7071/api/topology${query}`,
    body: { string: body },
  });
}

const context = () =>
  new InvocationContext({ invocationId: 'inv-1', functionName: 'topology', logHandler: () => undefined });

describe('topologyFunction with dryRun', () => {
  it('plans the file instead of applying it when dryRun=true', async () => {
    const planned: string[] = [];
    const definition = topologyFunction(
      stubAppServices({
        planTopology: (source) => {
          planned.push(source);
          return Promise.resolve(plan);
        },
      }),
    );
    const response = await definition.handler(post('?dryRun=true', 'the file'), context());
    expect(response).toEqual({ status: 200, jsonBody: plan });
    expect(planned).toEqual(['the file']);
  });

  it('applies the file when dryRun is false or absent', async () => {
    const applied: string[] = [];
    const definition = topologyFunction(
      stubAppServices({
        applyTopology: (source) => {
          applied.push(source);
          return Promise.resolve({ version: 2, shape: plan.shape, syncs: [], subscriptions: [] });
        },
      }),
    );
    expect((await definition.handler(post('?dryRun=false'), context())).status).toBe(200);
    expect((await definition.handler(post(''), context())).status).toBe(200);
    expect(applied).toHaveLength(2);
  });

  it('refuses a dryRun value other than true or false, naming the parameter', async () => {
    const response = await topologyFunction(stubAppServices({})).handler(post('?dryRun=yes'), context());
    expect(response).toMatchObject({ status: 400, jsonBody: { error: { code: 'BAD_REQUEST' } } });
    expect(JSON.stringify(response.jsonBody)).toContain('dryRun');
  });

  it('answers 400 with every problem of an invalid file', async () => {
    const invalid = new TopologyError('topology', [
      { line: 2, column: 1, path: 'syncs', message: 'expected a list' },
    ]);
    const definition = topologyFunction(stubAppServices({ planTopology: () => Promise.reject(invalid) }));
    const response = await definition.handler(post('?dryRun=true'), context());
    expect(response).toMatchObject({
      status: 400,
      jsonBody: { error: { code: 'TOPOLOGY.INVALID', issues: [{ line: 2, path: 'syncs' }] } },
    });
  });

  it('answers 503 with the code when the current state cannot be read for the plan', async () => {
    const failure = new SyncError('GRAPH.UNAVAILABLE', 'Graph read users in tenant x failed', {
      retryable: true,
    });
    const definition = topologyFunction(stubAppServices({ planTopology: () => Promise.reject(failure) }));
    expect(await definition.handler(post('?dryRun=true'), context())).toMatchObject({
      status: 503,
      jsonBody: { error: { code: 'GRAPH.UNAVAILABLE' } },
    });
  });
});
