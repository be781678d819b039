import { PageIterator, type Client, type PageCollection } from '@microsoft/microsoft-graph-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GraphSimulator } from '../../../../../src/local/graph-simulator/server/simulator-server.js';
import {
  createAdminGraphClient,
  getAdminToken,
  startTestGraphSimulator,
} from '../../../../support/graph-simulator.js';

describe('user routes', () => {
  let sim: GraphSimulator;
  let client: Client;
  let token: string;

  beforeAll(async () => {
    sim = await startTestGraphSimulator();
    client = createAdminGraphClient(sim, 'contoso');
    token = await getAdminToken(sim, 'contoso');
  });
  afterAll(async () => {
    await sim.close();
  });

  it('pages through users with absolute nextLinks the real PageIterator follows', async () => {
    const first = (await client.api('/users').select(['displayName', 'mail']).top(5).get()) as PageCollection;
    expect(first['@odata.context']).toBe(`${sim.baseUrl}/v1.0/$metadata#users(displayName,mail)`);
    expect(first['@odata.nextLink']).toMatch(new RegExp(`^${sim.baseUrl}/v1\\.0/users\\?.*\\$skiptoken=`));
    expect(first['@odata.nextLink']).toContain('$select=displayName%2Cmail');
    const seen: string[] = [];
    await new PageIterator(client, first, (user: { id: string }) => {
      seen.push(user.id);
      return true;
    }).iterate();
    expect(seen).toHaveLength(12);
    expect(new Set(seen).size).toBe(12);
  });

  it('passes ConsistencyLevel and $count to the engine and returns @odata.count', async () => {
    const counted = (await client
      .api('/users')
      .header('ConsistencyLevel', 'eventual')
      .count(true)
      .filter("department eq 'Engineering'")
      .get()) as { '@odata.count'?: number; value: unknown[] };
    expect(counted['@odata.count']).toBe(2);
    expect(counted.value).toHaveLength(2);
    const plain = (await client
      .api('/users')
      .count(true)
      .filter("department eq 'Engineering'")
      .get()) as Record<string, unknown>;
    expect(plain).not.toHaveProperty('@odata.count');
  });

  it('reads a user by id, by UPN, by a percent-encoded guest UPN and in the key form', async () => {
    const byId = (await client.api('/users/10000000-0000-4000-8000-000000000001').get()) as Record<
      string,
      unknown
    >;
    expect(byId).toMatchObject({
      '@odata.context': `${sim.baseUrl}/v1.0/$metadata#users/$entity`,
      displayName: 'Adele Vance',
    });
    const byUpn = (await client.api('/users/adele.vance@contoso.com').get()) as Record<string, unknown>;
    expect(byUpn.id).toBe('10000000-0000-4000-8000-000000000001');
    const guest = await fetch(
      `${sim.baseUrl}/v1.0/users/aaron.painter_fabrikam.com%23EXT%23@contoso.onmicrosoft.com`,
      {
        headers: { Authorization: `Bearer ${token}` },
      },
    );
    expect(((await guest.json()) as { displayName: string }).displayName).toBe('Aaron Painter');
    const keyForm = await fetch(`${sim.baseUrl}/v1.0/users('adele.vance%40contoso.com')`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(((await keyForm.json()) as { id: string }).id).toBe('10000000-0000-4000-8000-000000000001');
  });

  it('creates a user with 201, updates with 204 and soft-deletes with 204', async () => {
    const created = (await client.api('/users').post({
      accountEnabled: true,
      displayName: 'Nestor Wilke',
      mailNickname: 'nestor',
      userPrincipalName: 'nestor.wilke@contoso.com',
      passwordProfile: { password: 'Pa55w.rd-Very-Long', forceChangePasswordNextSignIn: false },
    })) as { id: string };
    expect(created.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(await client.api(`/users/${created.id}`).patch({ jobTitle: 'Ops' })).toBeUndefined();
    await client.api(`/users/${created.id}`).delete();
    await expect(client.api(`/users/${created.id}`).get()).rejects.toMatchObject({ statusCode: 404 });
  });

  it('counts writes by operation per tenant', async () => {
    sim.stats.reset();
    await client.api('/users/10000000-0000-4000-8000-000000000004').patch({ officeLocation: 'Bellevue' });
    await client.api('/invitations').post({
      invitedUserEmailAddress: 'someone@northwindtraders.com',
      inviteRedirectUrl: 'https://myapps.microsoft.com',
      invitedUserType: 'Member',
    });
    const contoso = sim.stats.snapshot().tenants.contoso;
    expect(contoso?.writes).toMatchObject({ userUpdate: 1, invitation: 1, userCreate: 0 });
    expect(contoso?.totalWrites).toBe(2);
    expect(contoso?.requests).toMatchObject({ PATCH: 1, POST: 1 });
  });
});
