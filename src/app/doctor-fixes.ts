/**
 * The fixes `xtsync doctor` prints for Graph identity problems: what an administrator does in the Entra admin
 * center, and the Graph call that does the same, following docs/deploy.md ("Identities across tenants").
 * Policy fixes are in doctor-policy-fixes.ts, infrastructure fixes in doctor-infrastructure-checks.ts.
 */
import type { TopologyTenant } from '../core/topology/topology.js';
import type { TokenProbeResult } from './doctor-ports.js';
import type { RequiredPermission } from './doctor-roles.js';

/** Ids of the Microsoft Graph app roles the doctor asks for (the same in every tenant). */
export const graphAppRoleIds: Readonly<Record<RequiredPermission | 'Policy.Read.All', string>> = {
  'User.Read.All': 'df021288-bdef-4463-88db-98f22de89214',
  'User.Invite.All': '09850681-111b-4a89-9bed-3f2cae46d706',
  'User.ReadWrite.All': '741f803b-c850-494e-b5df-cde7c675a1ca',
  'Policy.Read.All': '246dd0d5-5bd0-4def-940b-0421030a5b68',
};

const graphAppId = '00000003-0000-0000-c000-000000000000';
const deployGuide = 'docs/deploy.md, "Identities across tenants"';

// Entra's codes for a secret, certificate or federated assertion it does not accept (wrong, expired, unknown).
const refusedCredentialCodes = new Set([
  '7000215',
  '7000222',
  '700021',
  '700023',
  '700024',
  '700027',
  '50027',
  '70021',
  '700211',
  '700212',
  '700213',
]);

const aadstsMeanings: Readonly<Record<string, string>> = {
  '700016': 'xtsync has no service principal in this tenant: it was never consented there',
  '7000215': "the client secret is not one of the app's secrets",
  '7000222': 'the client secret has expired',
  '7000218': 'no secret or assertion was sent',
  '90002': 'Entra knows no such tenant',
  '700027': 'the client assertion is not signed by a certificate registered on the app',
  '700024': 'the client assertion is outside its validity period',
  '70021': "no federated credential of the app matches the managed identity's token",
  '700211': "no federated credential of the app matches the managed identity's token",
  '700212': "no federated credential of the app matches the managed identity's token",
  '700213': "no federated credential of the app matches the managed identity's token",
};

/** What an Entra `AADSTS<n>` code means for xtsync, when it is one the doctor knows. */
export function aadstsMeaning(aadsts: string | undefined): string | undefined {
  return aadsts === undefined ? undefined : aadstsMeanings[aadsts.replace(/^AADSTS/, '')];
}

/** Where an administrator of `tenantId` grants every permission the app registration requests. */
export function adminConsentUrl(tenantId: string, clientId: string): string {
  return `https://login.microsoftonline.com/${tenantId}/adminconsent?client_id=${clientId}`;
}

/** Names a tenant for people: `fabrikam (2222…)`. */
export function tenantLabel(tenant: TopologyTenant): string {
  return `${tenant.key} (${tenant.tenantId})`;
}

/**
 * The fix for a token that could not be had, from Entra's AADSTS code: consent for an app unknown in the
 * tenant, the secret, certificate or federated credential for a refused credential, the settings for a
 * credential that cannot be built.
 */
export function tokenFix(
  tenant: TopologyTenant,
  failure: Extract<TokenProbeResult, { kind: 'failed' }>,
  needed: readonly RequiredPermission[],
): string {
  const { auth } = tenant;
  if (failure.failure === 'configuration') return credentialSetupFix(tenant);
  if (failure.failure === 'unreachable') {
    return (
      'Check that the Entra authority (GRAPH_AUTHORITY_HOST, default https://login.microsoftonline.com) is ' +
      'reachable from the function app, then run the doctor again.'
    );
  }
  const code = failure.aadsts?.replace(/^AADSTS/, '');
  if (code === '700016') {
    const exactly = needed.length > 0 ? `exactly ${needed.join(' + ')}` : 'exactly what its role needs';
    return (
      `Create xtsync's service principal in ${tenantLabel(tenant)} and grant its permissions: an administrator ` +
      `of that tenant opens ${adminConsentUrl(tenant.tenantId, auth.clientId)} (grants every permission the ` +
      `app registration requests), or, to grant ${exactly}, follows ${deployGuide} step 5.`
    );
  }
  if (code === '90002') {
    return `Check tenantId of tenant '${tenant.key}' in the topology: Entra knows no tenant ${tenant.tenantId}.`;
  }
  if (code !== undefined && refusedCredentialCodes.has(code)) return credentialSetupFix(tenant, 'refused');
  return (
    `Check the credential of tenant '${tenant.key}' (its auth in the topology and the settings it names) and ` +
    `that xtsync is consented there: ${adminConsentUrl(tenant.tenantId, auth.clientId)}.`
  );
}

/** How to set up the credential the topology names for `tenant` (missing, or refused by Entra). */
function credentialSetupFix(tenant: TopologyTenant, state: 'missing' | 'refused' = 'missing'): string {
  const { auth } = tenant;
  switch (auth.type) {
    case 'client-secret':
      return state === 'missing'
        ? `Set the app setting ${auth.secretSetting} to a client secret of app ${auth.clientId} (locally in the ` +
            'settings file, in Azure as a Key Vault reference).'
        : `The client secret in ${auth.secretSetting} is wrong or expired: add a new client secret to app ` +
            `${auth.clientId} (Entra admin center → App registrations → Certificates & secrets) and put its ` +
            `value, not its id, in ${auth.secretSetting}.`;
    case 'certificate': {
      const where =
        'certificateSetting' in auth ? `the app setting ${auth.certificateSetting}` : auth.certificatePath;
      return state === 'missing'
        ? `Make ${where} hold a PEM with the private key and the certificate registered on app ${auth.clientId}.`
        : `The certificate in ${where} is not accepted by app ${auth.clientId}: upload its public certificate ` +
            'to the app registration (Certificates & secrets), or use one that is registered and not expired.';
    }
    case 'managed-identity-federation':
      return (
        `App ${auth.clientId} must trust the managed identity ${auth.managedIdentityClientId}: add the ` +
        `federated identity credential of ${deployGuide} step 4 (subject: the identity's principal id, ` +
        'audience api://AzureADTokenExchange), and check managedIdentityClientId in the topology.'
      );
  }
}

/**
 * The fix for missing application permissions: consent in the admin center, or one app-role assignment per
 * permission (the exact calls of docs/deploy.md step 5, with the Graph role ids filled in).
 */
export function permissionsFix(
  tenant: TopologyTenant,
  missing: readonly (RequiredPermission | 'Policy.Read.All')[],
  servicePrincipalId: string | undefined,
): string {
  const principal = servicePrincipalId ?? '{xtsync service principal id}';
  const assignments = missing
    .map(
      (permission) =>
        `POST https://graph.microsoft.com/v1.0/servicePrincipals/${principal}/appRoleAssignments ` +
        `{"principalId":"${principal}","resourceId":"{Graph service principal id}","appRoleId":"${graphAppRoleIds[permission]}"} (${permission})`,
    )
    .join('; ');
  return (
    `Grant the application permission${missing.length === 1 ? '' : 's'} ${missing.join(', ')} to xtsync ` +
    `(app ${tenant.auth.clientId}) in ${tenantLabel(tenant)}: Entra admin center → Enterprise applications → ` +
    'xtsync → Permissions → "Grant admin consent" (once the app registration requests them), or assign ' +
    `exactly these roles as in ${deployGuide} step 5, with the Graph service principal id from ` +
    `GET https://graph.microsoft.com/v1.0/servicePrincipals(appId='${graphAppId}')?$select=id: ${assignments}.`
  );
}

/** The fix when the app may not read policies, so the invitation and redemption checks cannot run. */
export function policyReadFix(tenant: TopologyTenant, servicePrincipalId: string | undefined): string {
  return `Grant Policy.Read.All so the doctor can check. ${permissionsFix(tenant, ['Policy.Read.All'], servicePrincipalId)}`;
}
