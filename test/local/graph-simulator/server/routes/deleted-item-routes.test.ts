import type { Client } from '@microsoft/microsoft-graph-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GraphSimulator } from '../../../../../src/local/graph-simulator/server/simulator-server.js';
import { createAdminGraphClient, startTestGraphSimulator } from '../../../../support/graph-simulator.js';

describe('deleted item routes', () => {
  let sim: GraphSimulator;
  let client: Client;
  const userId = '30000000-0000-4000-8000-000000000005';

  beforeAll(async () => {
    sim = await startTestGraphSimulator();
    client = createAdminGraphClient(sim, 'northwind');
    await client.api(`/users/${userId}`).delete();
  });
  afterAll(async () => {
    await sim.close();
  });

  it('requires the microsoft.graph.user cast to list deleted items', async () => {
    await expect(client.api('/directory/deletedItems').get()).rejects.toMatchObject({ statusCode: 400 });
    const list = (await client.api('/directory/deletedItems/microsoft.graph.user').get()) as {
      '@odata.context': string;
      value: { id: string }[];
    };
    expect(list['@odata.context']).toBe(
      `${sim.baseUrl}/v1.0/$metadata#directory/deletedItems/microsoft.graph.user`,
    );
    expect(list.value.map((u) => u.id)).toContain(userId);
  });

  it('reads one deleted item and restores it with 200 and its type', async () => {
    const item = (await client.api(`/directory/deletedItems/${userId}`).get()) as Record<string, unknown>;
    expect(item).toMatchObject({ id: userId, '@odata.type': '#microsoft.graph.user' });
    const restored = (await client.api(`/directory/deletedItems/${userId}/restore`).post({})) as Record<
      string,
      unknown
    >;
    expect(restored).toMatchObject({ id: userId, '@odata.type': '#microsoft.graph.user' });
    expect(((await client.api(`/users/${userId}`).get()) as { id: string }).id).toBe(userId);
  });

  it('purges a deleted user with 204 and then no longer finds it', async () => {
    const victim = '30000000-0000-4000-8000-000000000006';
    await client.api(`/users/${victim}`).delete();
    await client.api(`/directory/deletedItems/${victim}`).delete();
    await expect(client.api(`/directory/deletedItems/${victim}`).get()).rejects.toMatchObject({
      statusCode: 404,
    });
    expect(sim.stats.snapshot().tenants.northwind?.writes.purge).toBe(1);
  });
});
