/**
 * A Graph simulator seed for the doctor's end-to-end tests: the default seed (contoso trusts everyone and
 * grants everything) with one problem per tenant — fabrikam's xtsync lacks User.Invite.All and
 * User.ReadWrite.All, northwind does not redeem contoso's invitations automatically, woodgrove lacks
 * Policy.Read.All — and tailspin, where xtsync has no service principal at all.
 */
import { loadDefaultSeed } from '../../../src/local/graph-simulator/default-seed.js';
import type { SeedTenant, SimulatorSeed } from '../../../src/local/graph-simulator/seed.js';

export const clientId = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa';
export const contoso = '11111111-1111-4111-8111-111111111111';
export const fabrikam = '22222222-2222-4222-8222-222222222222';
export const northwind = '33333333-3333-4333-8333-333333333333';
export const woodgrove = '44444444-4444-4444-8444-444444444444';
export const tailspin = '55555555-5555-4555-8555-555555555555';

/** The seed described above. */
export async function aDoctorSeed(): Promise<SimulatorSeed> {
  const seed = await loadDefaultSeed();
  const tenant = (key: string): SeedTenant => {
    const found = seed.tenants.find((candidate) => candidate.key === key);
    if (found === undefined) throw new Error(`the default seed has no tenant ${key}`);
    return found;
  };
  const grant = (key: string, roles: SeedTenant['servicePrincipals'][number]['roles']): void => {
    tenant(key).servicePrincipals = [{ app: 'xtsync', roles }];
  };
  grant('fabrikam', ['User.Read.All', 'Policy.Read.All']);
  grant('woodgrove', ['User.Read.All', 'User.Invite.All', 'User.ReadWrite.All']);
  const fromContoso = tenant('northwind').policies.partners.find((partner) => partner.tenantId === contoso);
  if (fromContoso === undefined) throw new Error('northwind has no partner entry for contoso');
  fromContoso.inboundAutomaticRedemption = false;
  tenant('contoso').policies.partners.push({
    tenantId: tailspin,
    inboundAutomaticRedemption: true,
    outboundAutomaticRedemption: true,
    inboundUserSyncAllowed: true,
  });
  seed.tenants.push({
    key: 'tailspin',
    tenantId: tailspin,
    displayName: 'Tailspin Toys',
    defaultDomain: 'tailspin.onmicrosoft.com',
    verifiedDomains: [],
    users: [],
    syntheticUsers: 0,
    servicePrincipals: [],
    policies: { allowInvitesFrom: 'everyone', partners: [] },
  });
  return seed;
}
