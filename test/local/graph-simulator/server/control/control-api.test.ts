import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSeededRandom } from '../../../../../src/local/graph-simulator/server/seeded-random.js';
import type { GraphSimulator } from '../../../../../src/local/graph-simulator/server/simulator-server.js';
import { getAdminToken, startTestGraphSimulator } from '../../../../support/graph-simulator.js';

describe('simulator control API', () => {
  let sim: GraphSimulator;
  let token: string;

  beforeAll(async () => {
    sim = await startTestGraphSimulator({ random: createSeededRandom(11) });
    token = await getAdminToken(sim, 'contoso');
  });
  beforeEach(() => {
    sim.control.clearFaults();
  });
  afterAll(async () => {
    await sim.close();
  });

  const control = async (
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: unknown }> => {
    const response = await fetch(`${sim.baseUrl}/_simulator${path}`, {
      method,
      headers: { 'Content-Type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: text === '' ? undefined : (JSON.parse(text) as unknown) };
  };
  const getUsers = (path = '/users'): Promise<Response> =>
    fetch(`${sim.baseUrl}/v1.0${path}`, { headers: { Authorization: `Bearer ${token}` } });

  it('reads and changes knobs, splitting engine and server knobs', async () => {
    const changed = await control('PATCH', '/knobs', { deltaPageSize: 7, duplicateRate: 0.5 });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ deltaPageSize: 7, duplicateRate: 0.5, dropRate: 0 });
    expect(sim.directories.knobs.deltaPageSize).toBe(7);
    expect((await control('GET', '/knobs')).body).toMatchObject({ deltaPageSize: 7, duplicateRate: 0.5 });
    expect((await control('PATCH', '/knobs', { dropRate: 2 })).status).toBe(400);
    expect((await control('PATCH', '/knobs', { unknownKnob: 1 })).status).toBe(400);
  });

  it('injects counted faults before the handler, with Retry-After on 429 and 503', async () => {
    const added = await control('POST', '/faults', {
      tenantId: 'contoso',
      method: 'GET',
      pathPrefix: '/users',
      status: 503,
      count: 2,
      retryAfterSeconds: 0,
    });
    expect(added.status).toBe(201);
    const first = await getUsers();
    expect(first.status).toBe(503);
    expect(first.headers.get('retry-after')).toBe('0');
    expect(((await first.json()) as { error: { code: string } }).error.code).toBe('serviceNotAvailable');
    expect((await getUsers()).status).toBe(503);
    expect((await getUsers()).status).toBe(200);
    expect((await getUsers('/organization')).status).toBe(200);
    expect(sim.stats.snapshot().tenants.contoso?.faultsInjected).toBeGreaterThanOrEqual(2);
  });

  it('injects faults with a probability, reproducibly from the seeded random', async () => {
    sim.control.addFault({ pathPrefix: '/organization', status: 500, probability: 0.5 });
    const statuses: number[] = [];
    for (let i = 0; i < 20; i += 1) statuses.push((await getUsers('/organization')).status);
    expect(statuses.filter((s) => s === 500).length).toBeGreaterThan(3);
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThan(3);
  });

  it('lists and removes fault rules', async () => {
    const { body } = await control('POST', '/faults', { status: 504 });
    const id = (body as { id: string }).id;
    expect(
      ((await control('GET', '/faults')).body as { value: { id: string }[] }).value.map((r) => r.id),
    ).toEqual([id]);
    expect((await control('DELETE', `/faults/${id}`)).status).toBe(204);
    expect((await getUsers()).status).toBe(200);
    expect((await control('POST', '/faults', { status: 418 })).status).toBe(400);
  });

  it('expires delta tokens, advances the clock and reads and resets stats', async () => {
    expect((await control('POST', '/tenants/contoso/expire-delta-tokens', { mode: 'gone' })).status).toBe(
      204,
    );
    expect((await control('POST', '/tenants/nowhere/expire-delta-tokens', { mode: 'gone' })).status).toBe(
      404,
    );
    const before = sim.directories.clock.now();
    expect((await control('POST', '/clock/advance', { ms: 60_000 })).status).toBe(204);
    expect(sim.directories.clock.now() - before).toBeGreaterThanOrEqual(60_000);
    await getUsers();
    const stats = (await control('GET', '/stats')).body as {
      tenants: Record<string, { requests: Record<string, number> }>;
    };
    expect(stats.tenants.contoso?.requests.GET).toBeGreaterThan(0);
    expect((await control('DELETE', '/stats')).status).toBe(204);
    expect(sim.stats.snapshot().tenants.contoso?.requests).toEqual({});
  });

  it('answers 404 for an unknown control operation and 400 for a bad body', async () => {
    expect((await control('GET', '/nothing')).status).toBe(404);
    expect((await control('POST', '/clock/advance', { ms: -1 })).status).toBe(400);
    expect((await control('POST', '/subscriptions/nope/lifecycle-events', {})).status).toBe(404);
  });

  it('delays Graph responses by the latency knobs', async () => {
    sim.control.setKnobs({ latencyMinMs: 120, latencyMaxMs: 150 });
    try {
      const started = Date.now();
      expect((await getUsers('/organization')).status).toBe(200);
      expect(Date.now() - started).toBeGreaterThanOrEqual(115);
    } finally {
      sim.control.setKnobs({ latencyMinMs: 0, latencyMaxMs: 0 });
    }
  });
});
