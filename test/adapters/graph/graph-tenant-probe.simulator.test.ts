/**
 * The doctor's Graph probe against the local Graph simulator, with the real `@azure/identity` and Graph
 * client: tokens and their roles, Entra's refusals, and the policy reads in Graph's shapes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TenantProbe, TenantProbeFactory } from '../../../src/app/doctor-ports.js';
import { createGraphTenantProbes } from '../../../src/adapters/graph/graph-tenant-probe.js';
import type { TopologyTenant } from '../../../src/core/topology/topology.js';
import { startTestGraphSimulator, type GraphSimulator } from '../../support/graph-simulator.js';
import { aDoctorSeed, clientId, contoso, fabrikam, northwind, tailspin, woodgrove } from './doctor-seed.js';

const secretSetting = 'XTSYNC_APP_CLIENT_SECRET';

function aTenant(key: string, tenantId: string): TopologyTenant {
  return { key, tenantId, displayName: key, auth: { type: 'client-secret', clientId, secretSetting } };
}

describe('createGraphTenantProbes on the simulator', () => {
  let sim: GraphSimulator;
  let probes: TenantProbeFactory;
  let secret: string;

  beforeAll(async () => {
    sim = await startTestGraphSimulator({ seed: await aDoctorSeed() });
    secret = sim.applications.find((app) => app.key === 'xtsync')?.secrets[0] ?? '';
    probes = createGraphTenantProbes({
      authorityHost: sim.authorityHost,
      graphBaseUrl: sim.baseUrl,
      secrets: { [secretSetting]: secret },
    });
  });
  afterAll(async () => {
    await sim.close();
  });

  const probeOf = (key: string, tenantId: string): TenantProbe => probes(aTenant(key, tenantId));

  it("reads the roles and the service principal from the token's claims", async () => {
    const token = await probeOf('contoso', contoso).acquireToken();

    expect(token).toMatchObject({
      kind: 'token',
      roles: expect.arrayContaining([
        'User.Read.All',
        'User.Invite.All',
        'User.ReadWrite.All',
        'Policy.Read.All',
      ]) as unknown,
      servicePrincipalId: expect.any(String) as unknown,
    });
  });

  it('gives the roles a tenant actually granted', async () => {
    const token = await probeOf('fabrikam', fabrikam).acquireToken();

    expect(token.kind === 'token' && [...token.roles].sort()).toEqual(['Policy.Read.All', 'User.Read.All']);
  });

  it('reports AADSTS700016 where the app has no service principal', async () => {
    const token = await probeOf('tailspin', tailspin).acquireToken();

    expect(token).toMatchObject({ kind: 'failed', failure: 'credential', aadsts: 'AADSTS700016' });
  });

  it('reports AADSTS7000215 for a wrong secret without repeating it', async () => {
    const wrong = 'not-the-right-secret-0123456789';
    const token = await createGraphTenantProbes({
      authorityHost: sim.authorityHost,
      graphBaseUrl: sim.baseUrl,
      secrets: { [secretSetting]: wrong },
    })(aTenant('contoso', contoso)).acquireToken();

    expect(token).toMatchObject({ kind: 'failed', failure: 'credential', aadsts: 'AADSTS7000215' });
    expect(JSON.stringify(token)).not.toContain(wrong);
  });

  it('reports a missing secret setting as a configuration problem', async () => {
    const token = await createGraphTenantProbes({
      authorityHost: sim.authorityHost,
      graphBaseUrl: sim.baseUrl,
    })(aTenant('contoso', contoso)).acquireToken();

    expect(token).toMatchObject({
      kind: 'failed',
      failure: 'configuration',
      message: expect.stringContaining(`setting ${secretSetting} is not set or empty`) as unknown,
    });
  });

  it("reads the target's authorization policy", async () => {
    expect(await probeOf('fabrikam', fabrikam).readAuthorizationPolicy()).toEqual({
      kind: 'found',
      value: { allowInvitesFrom: 'everyone' },
    });
  });

  it('reads automatic redemption from a partner entry', async () => {
    expect(await probeOf('northwind', northwind).readPartnerPolicy(contoso)).toEqual({
      kind: 'found',
      value: { tenantId: contoso, inboundAllowed: false, outboundAllowed: true },
    });
  });

  it('reports a partner the tenant has not added as not found', async () => {
    expect(await probeOf('fabrikam', fabrikam).readPartnerPolicy(tailspin)).toEqual({ kind: 'not-found' });
  });

  it('reports policy reads as forbidden without Policy.Read.All', async () => {
    const probe = probeOf('woodgrove', woodgrove);

    expect(await probe.readAuthorizationPolicy()).toMatchObject({ kind: 'forbidden' });
    expect(await probe.readPartnerPolicy(contoso)).toMatchObject({
      kind: 'forbidden',
      message: expect.stringContaining('Policy.Read.All') as unknown,
    });
  });

  it("lists the app's subscriptions in the tenant", async () => {
    expect(await probeOf('contoso', contoso).listSubscriptions()).toEqual([]);
  });
});
