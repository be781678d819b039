import { HttpRequest, InvocationContext } from '@azure/functions';
import { describe, expect, it } from 'vitest';
import type { AppServices } from '../../src/app/app-services.js';
import type { ProvisioningLogQuery } from '../../src/app/ports.js';
import { provisioningLogsFunction } from '../../src/functions/provisioning-logs.http.js';

function setup() {
  const queries: ProvisioningLogQuery[] = [];
  const fn = provisioningLogsFunction(() =>
    Promise.resolve({
      queryProvisioningLog: (query: ProvisioningLogQuery) => {
        queries.push(query);
        return Promise.resolve([]);
      },
    } as unknown as AppServices),
  );
  const call = (query: string) =>
    fn.handler(
      new HttpRequest({ method: 'GET', url: `http://localhost/api/provisioning-logs${query}` }),
      new InvocationContext({ invocationId: 'test', functionName: 'provisioning-logs' }),
    );
  return { queries, call };
}

describe('provisioning-logs function', () => {
  it('passes the filters on and defaults to the last day', async () => {
    const { queries, call } = setup();
    const response = await call('?syncId=contoso-to-fabrikam&limit=5');
    expect(response).toMatchObject({ status: 200, jsonBody: { entries: [] } });
    expect(queries[0]).toMatchObject({ syncId: 'contoso-to-fabrikam', limit: 5 });
    const windowMs = Date.now() - (queries[0]?.since.getTime() ?? 0);
    expect(windowMs).toBeGreaterThan(23 * 3_600_000);
    expect(windowMs).toBeLessThan(25 * 3_600_000);
  });

  it('refuses a bad parameter with 400 naming it', async () => {
    const { call } = setup();
    const response = await call('?limit=5000');
    expect(response.status).toBe(400);
    expect(JSON.stringify(response.jsonBody)).toContain('limit');
  });

  it('refuses a window longer than 31 days instead of reading thousands of day partitions', async () => {
    const { queries, call } = setup();
    const response = await call('?since=1970-01-01T00:00:00Z');
    expect(response.status).toBe(400);
    expect(JSON.stringify(response.jsonBody)).toContain('31 days');
    expect(queries).toEqual([]);
  });
});
