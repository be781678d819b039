import { PageIterator, type Client, type PageCollection } from '@microsoft/microsoft-graph-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GraphSimulator } from '../../../../../src/local/graph-simulator/server/simulator-server.js';
import {
  createAdminGraphClient,
  getAdminToken,
  startTestGraphSimulator,
} from '../../../../support/graph-simulator.js';

const aaron = '20000000-0000-4000-8000-000000000001';
const bianca = '20000000-0000-4000-8000-000000000002';

describe('delta route', () => {
  let sim: GraphSimulator;
  let client: Client;

  beforeAll(async () => {
    sim = await startTestGraphSimulator({ knobs: { deltaPageSize: 5 } });
    client = createAdminGraphClient(sim, 'fabrikam');
  });
  afterAll(async () => {
    await sim.close();
  });

  const link = (kind: 'skiptoken' | 'deltatoken'): RegExp =>
    new RegExp(`^${sim.baseUrl}/v1\\.0/users/delta\\?\\$${kind}=[A-Za-z0-9%_.~-]+$`);

  async function fullRound(start: PageCollection): Promise<{ ids: string[]; deltaLink: string }> {
    const ids: string[] = [];
    const iterator = new PageIterator(client, start, (user: { id: string }) => {
      ids.push(user.id);
      return true;
    });
    await iterator.iterate();
    return { ids, deltaLink: iterator.getDeltaLink() ?? '' };
  }
  const startRound = async (): Promise<PageCollection> =>
    (await client.api('/users/delta').select(['displayName', 'jobTitle']).get()) as PageCollection;

  it('emits absolute nextLink and deltaLink that the real client follows', async () => {
    const first = await startRound();
    expect(first['@odata.nextLink']).toMatch(link('skiptoken'));
    const { ids, deltaLink } = await fullRound(first);
    expect(new Set(ids).size).toBe(12);
    expect(deltaLink).toMatch(link('deltatoken'));

    await client.api(`/users/${aaron}`).patch({ jobTitle: 'Chief Sales Officer' });
    const next = (await client.api(deltaLink).get()) as PageCollection;
    expect(next.value).toEqual([
      expect.objectContaining({ id: aaron, jobTitle: 'Chief Sales Officer', displayName: 'Aaron Painter' }),
    ]);
    expect(next['@odata.deltaLink']).toMatch(link('deltatoken'));
  });

  it('passes Prefer: return=minimal so only changed properties come back', async () => {
    const { deltaLink } = await fullRound(await startRound());
    await client.api(`/users/${bianca}`).patch({ jobTitle: 'Staff SRE' });
    const minimal = (await client.api(deltaLink).header('Prefer', 'return=minimal').get()) as PageCollection;
    expect(minimal.value).toEqual([{ id: bianca, jobTitle: 'Staff SRE' }]);
  });

  it('answers 410 with an absolute Location after the tokens expire', async () => {
    const { deltaLink } = await fullRound(await startRound());
    sim.control.expireDeltaTokens('fabrikam', 'gone');
    const token = await getAdminToken(sim, 'fabrikam');
    const response = await fetch(deltaLink, { headers: { Authorization: `Bearer ${token}` } });
    expect(response.status).toBe(410);
    expect(response.headers.get('location')).toMatch(new RegExp(`^${sim.baseUrl}/v1\\.0/users/delta`));
  });

  it('reports syncStateNotFound when the tokens expire that way', async () => {
    const { deltaLink } = await fullRound(await startRound());
    sim.control.expireDeltaTokens('fabrikam', 'syncStateNotFound');
    await expect(client.api(deltaLink).get()).rejects.toMatchObject({ code: 'syncStateNotFound' });
  });
});
