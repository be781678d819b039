import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GraphSimulator } from '../../../../../src/local/graph-simulator/server/simulator-server.js';
import {
  createAdminGraphClient,
  getAdminToken,
  startTestGraphSimulator,
} from '../../../../support/graph-simulator.js';

describe('throttled Graph requests', () => {
  let sim: GraphSimulator;
  let token: string;

  beforeAll(async () => {
    // 1/1000 of the documented windows: 3 writes per 150 ms per app and tenant, 20 writes/s sustained.
    sim = await startTestGraphSimulator({ throttle: { scale: 0.001 } });
    token = await getAdminToken(sim, 'contoso');
  });
  afterAll(async () => {
    await sim.close();
  });

  const patch = (): Promise<Response> =>
    fetch(`${sim.baseUrl}/v1.0/users/10000000-0000-4000-8000-000000000001`, {
      method: 'PATCH',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ jobTitle: 'Account Executive' }),
    });

  it('answers 429 TooManyRequests with Retry-After and throttle headers, without running the call', async () => {
    sim.stats.reset();
    const statuses: number[] = [];
    let throttled: Response | undefined;
    for (let i = 0; i < 6; i += 1) {
      const response = await patch();
      statuses.push(response.status);
      if (response.status === 429) throttled ??= response;
    }
    expect(statuses.slice(0, 3)).toEqual([204, 204, 204]);
    expect(throttled?.headers.get('retry-after')).toMatch(/^0\.\d+$/);
    expect(throttled?.headers.get('x-ms-throttle-scope')).toBe(
      `Tenant_Application/Write/${sim.tenants[0]?.clientId ?? ''}/11111111-1111-4111-8111-111111111111`,
    );
    expect(throttled?.headers.get('x-ms-throttle-information')).toBe('WriteLimitExceeded');
    expect(throttled?.headers.get('x-ms-resource-unit')).toBe('1');
    expect(((await throttled?.json()) as { error: { code: string } }).error.code).toBe('TooManyRequests');
    const contoso = sim.stats.snapshot().tenants.contoso;
    expect(contoso?.writes.userUpdate).toBe(statuses.filter((s) => s === 204).length);
    expect(contoso?.throttled).toBe(statuses.filter((s) => s === 429).length);
  });

  it('lets the real Graph client succeed by honouring Retry-After', async () => {
    const client = createAdminGraphClient(sim, 'contoso');
    sim.stats.reset();
    for (let i = 0; i < 8; i += 1) {
      await client.api('/users/10000000-0000-4000-8000-000000000002').patch({ jobTitle: `Title ${i}` });
    }
    const contoso = sim.stats.snapshot().tenants.contoso;
    expect(contoso?.throttled).toBeGreaterThan(0);
    expect(contoso?.writes.userUpdate).toBe(8);
  });

  it('sends x-ms-resource-unit on every response', async () => {
    const response = await fetch(`${sim.baseUrl}/v1.0/users?$top=5`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(response.headers.get('x-ms-resource-unit')).toBe('1');
  });
});
