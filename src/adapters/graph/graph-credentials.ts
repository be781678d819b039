/**
 * The credential xtsync's multi-tenant app uses in one tenant: client secret, certificate, or (in Azure) a
 * user-assigned managed identity acting as a federated credential of the app, so no secret exists at all.
 */
import {
  ClientAssertionCredential,
  ClientCertificateCredential,
  ClientSecretCredential,
  ManagedIdentityCredential,
  type TokenCredential,
} from '@azure/identity';
import { z } from 'zod';
import { SyncError } from '../../core/sync-errors.js';
import { loadCertificatePem } from './graph-certificate.js';

const guidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const guid = z.string().regex(guidPattern, 'expected a GUID');
const settingName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'expected a setting name');

/**
 * How the app authenticates in one tenant. Secrets are given inline (`clientSecret`, `certificatePem`) or,
 * as the topology file does, by the name of the setting that holds them (`secretSetting`,
 * `certificateSetting`, resolved through {@link TenantCredentialOptions.secrets}).
 */
export const tenantAuthConfigSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('client-secret'),
    tenantId: guid,
    clientId: guid,
    clientSecret: z.string().optional(),
    secretSetting: settingName.optional(),
  }),
  z.strictObject({
    type: z.literal('certificate'),
    tenantId: guid,
    clientId: guid,
    certificatePem: z.string().optional(),
    certificatePath: z.string().min(1).optional(),
    /** A setting holding the PEM text or the path of a PEM file. */
    certificateSetting: settingName.optional(),
  }),
  z.strictObject({
    type: z.literal('managed-identity-federation'),
    tenantId: guid,
    clientId: guid,
    /** Client id of the user-assigned managed identity trusted by the app's federated credential. */
    managedIdentityClientId: guid,
  }),
]);

/** A validated {@link tenantAuthConfigSchema}. */
export type TenantAuthConfig = z.infer<typeof tenantAuthConfigSchema>;

/** Where tokens come from and where secrets referenced by setting name live. */
export interface TenantCredentialOptions {
  /** Entra authority, default `https://login.microsoftonline.com`; the simulator's origin locally. */
  readonly authorityHost?: string;
  /** Setting name → value (a record, or a lookup such as config's `readSecretSetting`), for `secretSetting` / `certificateSetting`. */
  readonly secrets?: Readonly<Record<string, string | undefined>> | ((name: string) => string | undefined);
}

/** The public cloud's authority; any other host gets `disableInstanceDiscovery`. */
export const publicAuthorityHost = 'https://login.microsoftonline.com';

// The managed identity's token is the assertion; this audience is what the app's federated credential trusts.
const federationScope = 'api://AzureADTokenExchange/.default';

/**
 * Builds the credential for one tenant from an auth config (validated here: it comes from settings and the
 * topology file).
 *
 * @param auth - The unvalidated auth config.
 * @throws SyncError `CONFIG.INVALID` naming the tenant and every field or setting at fault, never a secret.
 */
export function createTenantCredential(
  auth: unknown,
  options: TenantCredentialOptions = {},
): TokenCredential {
  const config = parseTenantAuthConfig(auth);
  const authority = resolveAuthorityHost(options.authorityHost);
  const common = {
    authorityHost: authority,
    ...(authority === publicAuthorityHost ? {} : { disableInstanceDiscovery: true }),
  };
  const fail = (problem: string): never => configError(config.tenantId, [problem]);
  switch (config.type) {
    case 'client-secret': {
      const secret = readSecret(config.clientSecret, config.secretSetting, options, 'clientSecret');
      if (typeof secret !== 'string') return fail(secret.problem);
      return new ClientSecretCredential(config.tenantId, config.clientId, secret, common);
    }
    case 'certificate': {
      const pem = readCertificate(config, options);
      if (typeof pem !== 'string') return fail(pem.problem);
      return new ClientCertificateCredential(config.tenantId, config.clientId, { certificate: pem }, common);
    }
    case 'managed-identity-federation': {
      const managedIdentity = new ManagedIdentityCredential({
        clientId: config.managedIdentityClientId,
      });
      const getAssertion = async (): Promise<string> =>
        (await managedIdentity.getToken(federationScope)).token;
      return new ClientAssertionCredential(config.tenantId, config.clientId, getAssertion, common);
    }
  }
}

/**
 * Validates an auth config.
 *
 * @throws SyncError `CONFIG.INVALID` listing each invalid field by path; values are never quoted.
 */
export function parseTenantAuthConfig(auth: unknown): TenantAuthConfig {
  const result = tenantAuthConfigSchema.safeParse(auth);
  if (result.success) return result.data;
  const tenantId =
    typeof auth === 'object' && auth !== null && 'tenantId' in auth && typeof auth.tenantId === 'string'
      ? auth.tenantId
      : '(unknown)';
  const problems = result.error.issues.map((issue) => {
    const path = issue.path.join('.') || 'auth';
    // zod's own messages never quote the input, so a secret cannot leak through them.
    return issue.code === 'invalid_union'
      ? `${path}: expected one of client-secret, certificate, managed-identity-federation`
      : `${path}: ${issue.message}`;
  });
  return configError(tenantId, problems);
}

function resolveAuthorityHost(value: string | undefined): string {
  if (value === undefined) return publicAuthorityHost;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return configError('(all)', [`authorityHost (GRAPH_AUTHORITY_HOST): not a URL`]);
  }
  if (url.protocol !== 'https:') {
    return configError('(all)', [
      `authorityHost (GRAPH_AUTHORITY_HOST): must use https, got ${url.protocol.replace(':', '')}`,
    ]);
  }
  return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
}

function readSecret(
  inline: string | undefined,
  setting: string | undefined,
  options: TenantCredentialOptions,
  field: string,
): string | { problem: string } {
  if (inline !== undefined && setting !== undefined)
    return { problem: `${field}: give either ${field} or secretSetting, not both` };
  if (inline !== undefined) return inline.trim() === '' ? { problem: `${field}: empty` } : inline;
  if (setting === undefined) return { problem: `${field}: missing (give ${field} or secretSetting)` };
  const value = lookupSetting(options, setting);
  return value === undefined || value.trim() === ''
    ? { problem: `secretSetting: setting ${setting} is not set or empty` }
    : value;
}

function readCertificate(
  config: Extract<TenantAuthConfig, { type: 'certificate' }>,
  options: TenantCredentialOptions,
): string | { problem: string } {
  const given = [config.certificatePem, config.certificatePath, config.certificateSetting].filter(
    (value) => value !== undefined,
  );
  if (given.length !== 1) {
    return {
      problem: 'certificate: give exactly one of certificatePem, certificatePath, certificateSetting',
    };
  }
  if (config.certificateSetting !== undefined) {
    const value = lookupSetting(options, config.certificateSetting);
    const label = `certificateSetting: setting ${config.certificateSetting}`;
    if (value === undefined || value.trim() === '') return { problem: `${label} is not set or empty` };
    const loaded = loadCertificatePem(
      value.includes('-----BEGIN') ? { pem: value, label } : { path: value, label },
    );
    return 'pem' in loaded ? loaded.pem : loaded;
  }
  const loaded =
    config.certificatePath !== undefined
      ? loadCertificatePem({ path: config.certificatePath, label: 'certificatePath' })
      : loadCertificatePem({ pem: config.certificatePem, label: 'certificatePem' });
  return 'pem' in loaded ? loaded.pem : loaded;
}

function lookupSetting(options: TenantCredentialOptions, name: string): string | undefined {
  const { secrets } = options;
  if (typeof secrets === 'function') return secrets(name);
  return secrets !== undefined && Object.hasOwn(secrets, name) ? secrets[name] : undefined;
}

function configError(tenantId: string, problems: readonly string[]): never {
  throw new SyncError(
    'CONFIG.INVALID',
    `Invalid Graph credential configuration for tenant ${tenantId}: ${problems.join('; ')}`,
    { details: { tenantId, problems: problems.join('; ') } },
  );
}
