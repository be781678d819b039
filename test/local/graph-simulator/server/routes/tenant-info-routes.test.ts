import type { Client } from '@microsoft/microsoft-graph-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GraphSimulator } from '../../../../../src/local/graph-simulator/server/simulator-server.js';
import { createAdminGraphClient, startTestGraphSimulator } from '../../../../support/graph-simulator.js';

const fabrikamId = '22222222-2222-4222-8222-222222222222';

describe('tenant information routes', () => {
  let sim: GraphSimulator;
  let client: Client;

  beforeAll(async () => {
    sim = await startTestGraphSimulator();
    client = createAdminGraphClient(sim, 'contoso');
  });
  afterAll(async () => {
    await sim.close();
  });

  it('describes the organization with its verified domains', async () => {
    const body = (await client.api('/organization').get()) as { value: Record<string, unknown>[] };
    expect(body.value[0]).toMatchObject({
      id: '11111111-1111-4111-8111-111111111111',
      displayName: 'Contoso',
    });
    expect(body.value[0]?.verifiedDomains).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'contoso.onmicrosoft.com', isDefault: true })]),
    );
  });

  it('reports allowInvitesFrom from the seed', async () => {
    const policy = (await client.api('/policies/authorizationPolicy').get()) as Record<string, unknown>;
    expect(policy).toMatchObject({ id: 'authorizationPolicy', allowInvitesFrom: 'everyone' });
  });

  it('returns a partner policy in Graph shape and its identity synchronization', async () => {
    const partner = (await client
      .api(`/policies/crossTenantAccessPolicy/partners/${fabrikamId}`)
      .get()) as Record<string, unknown>;
    expect(partner).toMatchObject({
      tenantId: fabrikamId,
      inboundTrust: expect.any(Object) as unknown,
      automaticUserConsentSettings: { inboundAllowed: true, outboundAllowed: true },
    });
    const sync = (await client
      .api(`/policies/crossTenantAccessPolicy/partners/${fabrikamId}/identitySynchronization`)
      .get()) as Record<string, unknown>;
    expect(sync).toMatchObject({ tenantId: fabrikamId, userSyncInbound: { isSyncAllowed: true } });
  });

  it('answers 404 for a tenant that is not a partner', async () => {
    await expect(
      client.api('/policies/crossTenantAccessPolicy/partners/99999999-9999-4999-8999-999999999999').get(),
    ).rejects.toMatchObject({ statusCode: 404 });
  });

  it('creates invitations with 201', async () => {
    const invitation = (await client.api('/invitations').post({
      invitedUserEmailAddress: 'guest.one@woodgrovebank.com',
      inviteRedirectUrl: 'https://myapps.microsoft.com',
      invitedUserType: 'Member',
    })) as Record<string, unknown>;
    expect(invitation['@odata.context']).toBe(`${sim.baseUrl}/v1.0/$metadata#invitations/$entity`);
    expect(invitation).toHaveProperty('invitedUser.id');
  });
});
