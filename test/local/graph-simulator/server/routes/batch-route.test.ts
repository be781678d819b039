import { BatchRequestContent, BatchResponseContent, type Client } from '@microsoft/microsoft-graph-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSeededRandom } from '../../../../../src/local/graph-simulator/server/seeded-random.js';
import type { GraphSimulator } from '../../../../../src/local/graph-simulator/server/simulator-server.js';
import {
  createAdminGraphClient,
  getAdminToken,
  startTestGraphSimulator,
} from '../../../../support/graph-simulator.js';

interface BatchBody {
  responses: {
    id: string;
    status: number;
    headers: Record<string, string>;
    body?: { error?: { code: string; message: string } };
  }[];
}

describe('$batch route', () => {
  let sim: GraphSimulator;
  let client: Client;
  let token: string;
  const user = (n: number): string => `40000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

  beforeAll(async () => {
    sim = await startTestGraphSimulator({ random: createSeededRandom(7) });
    client = createAdminGraphClient(sim, 'woodgrove');
    token = await getAdminToken(sim, 'woodgrove');
  });
  afterAll(async () => {
    await sim.close();
  });

  const batch = async (
    body: unknown,
    bearer = token,
  ): Promise<{ status: number; body: BatchBody & { error?: { message: string } } }> => {
    const response = await fetch(`${sim.baseUrl}/v1.0/$batch`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${bearer}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    return {
      status: response.status,
      body: (await response.json()) as BatchBody & { error?: { message: string } },
    };
  };
  const get = (id: string, url: string): Record<string, unknown> => ({ id, method: 'GET', url });

  it('runs every request and answers 200 with per-request status, headers and body, in shuffled order', async () => {
    const requests = Array.from({ length: 10 }, (_, i) =>
      get(String(i + 1), `/users/${user(i + 1)}?$select=displayName`),
    );
    const { status, body } = await batch({ requests });
    expect(status).toBe(200);
    const ids = body.responses.map((r) => r.id);
    expect([...ids].sort()).toEqual(requests.map((r) => String(r.id)).sort());
    expect(ids).not.toEqual(requests.map((r) => r.id));
    for (const response of body.responses) {
      expect(response.status).toBe(200);
      expect(response.headers['Content-Type']).toMatch(/^application\/json/);
      expect(response.body).toHaveProperty('displayName');
    }
  });

  it('refuses more than 20 requests', async () => {
    const requests = Array.from({ length: 21 }, (_, i) => get(String(i), '/users'));
    expect((await batch({ requests })).status).toBe(400);
  });

  it('refuses ids that repeat ignoring case', async () => {
    const { status } = await batch({ requests: [get('a', '/users'), get('A', '/organization')] });
    expect(status).toBe(400);
  });

  it('refuses absolute URLs as an invalid batch payload', async () => {
    const { status, body } = await batch({ requests: [get('1', `${sim.baseUrl}/v1.0/users`)] });
    expect(status).toBe(400);
    expect(body.error?.message).toMatch(/^Invalid batch payload format/);
  });

  it('answers a version segment in the URL like Graph does', async () => {
    const { status, body } = await batch({ requests: [get('1', '/v1.0/users')] });
    expect(status).toBe(200);
    expect(body.responses[0]).toMatchObject({
      status: 400,
      body: { error: { message: "Resource not found for the segment 'v1.0'." } },
    });
  });

  it('requires a Content-Type header when a request has a body', async () => {
    const { status } = await batch({
      requests: [{ id: '1', method: 'PATCH', url: `/users/${user(1)}`, body: { jobTitle: 'x' } }],
    });
    expect(status).toBe(400);
  });

  it('answers 424 for requests whose dependency failed, and runs dependents of successes', async () => {
    const { body } = await batch({
      requests: [
        get('1', '/users/nobody@woodgrovebank.com'),
        { ...get('2', `/users/${user(2)}`), dependsOn: ['1'] },
        get('3', `/users/${user(3)}`),
        { ...get('4', `/users/${user(4)}`), dependsOn: ['3'] },
      ],
    });
    const status = Object.fromEntries(body.responses.map((r) => [r.id, r.status]));
    expect(status).toEqual({ '1': 404, '2': 424, '3': 200, '4': 200 });
  });

  it('authorises each request on its own with the outer token', async () => {
    const readOnly = await sim.control.issueAccessToken({
      tenant: 'woodgrove',
      clientId: 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa',
      roles: ['User.Read.All'],
    });
    const { body } = await batch(
      {
        requests: [
          get('read', `/users/${user(1)}`),
          {
            id: 'write',
            method: 'PATCH',
            url: `/users/${user(1)}`,
            headers: { 'Content-Type': 'application/json' },
            body: { jobTitle: 'x' },
          },
        ],
      },
      readOnly,
    );
    const status = Object.fromEntries(body.responses.map((r) => [r.id, r.status]));
    expect(status).toEqual({ read: 200, write: 403 });
  });

  it('works with the Graph client batch helpers given version-less absolute URLs', async () => {
    // BatchRequestContent 3.0.7 strips scheme and host but keeps `/v1.0`, which Graph rejects per request.
    const content = new BatchRequestContent([
      { id: '1', request: new Request(`${sim.baseUrl}/users/${user(5)}`, { method: 'GET' }) },
      {
        id: '2',
        request: new Request(`${sim.baseUrl}/users/${user(6)}`, {
          method: 'PATCH',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ department: 'Treasury' }),
        }),
      },
    ]);
    const response = new BatchResponseContent(
      (await client.api('/$batch').post(await content.getContent())) as never,
    );
    expect(response.getResponseById('1').status).toBe(200);
    expect(response.getResponseById('2').status).toBe(204);
  });
});
