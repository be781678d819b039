/**
 * The app registrations the fake authority knows: the seed's applications (secrets generated when the seed
 * gives none) and one admin app per tenant, created at start with every user, invitation and policy role in
 * that tenant only. Service principals decide where an app may get tokens and with which roles.
 */
import { createHash, randomBytes, randomUUID, X509Certificate, type KeyObject } from 'node:crypto';
import type { SimulatorSeed } from '../../seed.js';

/** A certificate registered on an app, with the thumbprints client assertions name it by. */
export interface RegisteredCertificate {
  /** base64url SHA-1 of the DER certificate (`x5t`). */
  readonly sha1Thumbprint: string;
  /** base64url SHA-256 of the DER certificate (`x5t#S256`). */
  readonly sha256Thumbprint: string;
  readonly publicKey: KeyObject;
}

/** An app registration with its credentials and its service principals' roles per tenant. */
export interface RegisteredApp {
  readonly key: string;
  readonly clientId: string;
  readonly displayName: string;
  readonly homeTenantId: string;
  readonly secrets: readonly string[];
  readonly certificates: readonly RegisteredCertificate[];
  /** Roles of the app's service principal per tenant id (lower-case); no entry means no service principal. */
  readonly rolesByTenant: ReadonlyMap<string, readonly string[]>;
}

/** The admin client created for one tenant (what `.local/graph-sim.json` lists). */
export interface TenantAdminClient {
  readonly key: string;
  readonly tenantId: string;
  readonly defaultDomain: string;
  readonly clientId: string;
  readonly clientSecret: string;
}

/** Roles of every tenant's admin app: all user, invitation and policy roles, in its own tenant only. */
export const adminRoles: readonly string[] = [
  'User.Read.All',
  'User.ReadWrite.All',
  'User.Invite.All',
  'User.EnableDisableAccount.All',
  'Policy.Read.All',
];

/** Lookup of registered apps by client id. */
export interface AppRegistry {
  readonly applications: readonly RegisteredApp[];
  readonly adminClients: readonly TenantAdminClient[];
  find(clientId: string): RegisteredApp | undefined;
}

/** Builds the registry from the seed; secrets missing from the seed are generated here. */
export function createAppRegistry(seed: SimulatorSeed): AppRegistry {
  const tenantIdOfKey = new Map(seed.tenants.map((t) => [t.key, t.tenantId.toLowerCase()]));
  const applications: RegisteredApp[] = seed.applications.map((app) => {
    const rolesByTenant = new Map<string, readonly string[]>();
    for (const tenant of seed.tenants) {
      const principal = tenant.servicePrincipals.find((sp) => sp.app === app.key);
      if (principal !== undefined) rolesByTenant.set(tenant.tenantId.toLowerCase(), principal.roles);
    }
    return {
      key: app.key,
      clientId: app.clientId.toLowerCase(),
      displayName: app.displayName,
      homeTenantId: tenantIdOfKey.get(app.homeTenant) ?? '',
      secrets: app.secrets.length > 0 ? app.secrets : [generateClientSecret()],
      certificates: app.certificates.map(toRegisteredCertificate),
      rolesByTenant,
    };
  });
  const adminClients: TenantAdminClient[] = [];
  for (const tenant of seed.tenants) {
    const admin: TenantAdminClient = {
      key: tenant.key,
      tenantId: tenant.tenantId.toLowerCase(),
      defaultDomain: tenant.defaultDomain,
      clientId: randomUUID(),
      clientSecret: generateClientSecret(),
    };
    adminClients.push(admin);
    applications.push({
      key: `admin-${tenant.key}`,
      clientId: admin.clientId,
      displayName: `Graph simulator admin (${tenant.key})`,
      homeTenantId: admin.tenantId,
      secrets: [admin.clientSecret],
      certificates: [],
      rolesByTenant: new Map([[admin.tenantId, adminRoles]]),
    });
  }
  const byClientId = new Map(applications.map((app) => [app.clientId, app]));
  return {
    applications,
    adminClients,
    find: (clientId) => byClientId.get(clientId.toLowerCase()),
  };
}

/**
 * The object id of an app's service principal in a tenant: stable across restarts (derived from both ids)
 * so tokens, `creatorId` and logs stay comparable between runs.
 */
export function servicePrincipalId(clientId: string, tenantId: string): string {
  const hex = createHash('sha256')
    .update(`sp:${clientId.toLowerCase()}:${tenantId.toLowerCase()}`)
    .digest('hex');
  const variant = ((Number.parseInt(hex.slice(16, 17), 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** A secret in the shape Entra issues (40 characters with the `8Q~` marker). */
function generateClientSecret(): string {
  const random = randomBytes(30).toString('base64url');
  return `${random.slice(0, 3)}8Q~${random.slice(3, 37)}`;
}

function toRegisteredCertificate(pem: string): RegisteredCertificate {
  const certificate = new X509Certificate(pem);
  return {
    sha1Thumbprint: createHash('sha1').update(certificate.raw).digest('base64url'),
    sha256Thumbprint: createHash('sha256').update(certificate.raw).digest('base64url'),
    publicKey: certificate.publicKey,
  };
}
