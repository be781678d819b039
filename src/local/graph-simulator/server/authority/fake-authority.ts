/**
 * The fake Entra authority on the simulator's origin: OpenID metadata and JWKS per tenant (tenant id or a
 * domain in the path), instance discovery, and the token endpoint. Enough for MSAL through
 * `@azure/identity` with `authorityHost` set to the simulator and `disableInstanceDiscovery: true`.
 */
import type { SimulatorSeed } from '../../seed.js';
import type { AppRegistry } from './app-registry.js';
import { authorityError, type AuthorityReply } from './authority-error.js';
import { handleTokenRequest, type AuthorityTenant } from './token-endpoint.js';
import type { TokenSigner } from './token-signer.js';

/** What the authority needs to answer. */
export interface FakeAuthorityOptions {
  readonly baseUrl: string;
  readonly seed: SimulatorSeed;
  readonly registry: AppRegistry;
  readonly signer: TokenSigner;
  readonly onTokenRequest: (tenantId: string, clientId: string) => void;
}

/** Answers authority paths; `undefined` means the path is not the authority's. */
export type FakeAuthority = (
  method: string,
  segments: readonly string[],
  body: string,
) => Promise<AuthorityReply | undefined>;

/** Creates the authority for `options.baseUrl`. */
export function createFakeAuthority(options: FakeAuthorityOptions): FakeAuthority {
  const { baseUrl, seed } = options;
  const findTenant = (segment: string): AuthorityTenant | undefined => {
    const wanted = segment.toLowerCase();
    const tenant = seed.tenants.find(
      (t) =>
        t.tenantId.toLowerCase() === wanted ||
        t.defaultDomain.toLowerCase() === wanted ||
        t.verifiedDomains.some((domain) => domain.toLowerCase() === wanted),
    );
    return tenant === undefined
      ? undefined
      : { tenantId: tenant.tenantId.toLowerCase(), displayName: tenant.displayName };
  };
  const unknownTenant = (segment: string): AuthorityReply =>
    authorityError(
      400,
      'invalid_tenant',
      90002,
      `Tenant '${segment}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`,
    );

  return async (method, segments, body) => {
    const [first = '', ...rest] = segments;
    const path = rest.join('/').toLowerCase();
    if (method === 'GET' && first.toLowerCase() === 'common' && path === 'discovery/instance') {
      return { status: 200, body: instanceDiscovery(baseUrl) };
    }
    const multiTenant = ['common', 'organizations'].includes(first.toLowerCase());
    if (
      method === 'GET' &&
      (path === 'v2.0/.well-known/openid-configuration' || path === '.well-known/openid-configuration')
    ) {
      if (multiTenant) return { status: 200, body: openIdConfiguration(baseUrl, '{tenantid}') };
      const tenant = findTenant(first);
      return tenant === undefined
        ? unknownTenant(first)
        : { status: 200, body: openIdConfiguration(baseUrl, tenant.tenantId) };
    }
    if (method === 'GET' && (path === 'discovery/v2.0/keys' || path === 'discovery/keys')) {
      if (!multiTenant && findTenant(first) === undefined) return unknownTenant(first);
      return { status: 200, body: options.signer.jwks };
    }
    if (path === 'oauth2/v2.0/token') {
      if (method !== 'POST') {
        return authorityError(405, 'invalid_request', 900561, 'The endpoint only accepts POST requests.');
      }
      const tenant = findTenant(first);
      if (tenant === undefined) return unknownTenant(first);
      return handleTokenRequest(
        {
          tenant,
          form: new URLSearchParams(body),
          audiences: [
            `${baseUrl}/${tenant.tenantId}/oauth2/v2.0/token`,
            `${baseUrl}/${first}/oauth2/v2.0/token`,
          ],
        },
        options,
      );
    }
    return undefined;
  };
}

function openIdConfiguration(baseUrl: string, tenantId: string): Record<string, unknown> {
  const root = `${baseUrl}/${tenantId}`;
  return {
    token_endpoint: `${root}/oauth2/v2.0/token`,
    token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
    jwks_uri: `${root}/discovery/v2.0/keys`,
    response_modes_supported: ['query', 'fragment', 'form_post'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
    scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
    issuer: `${root}/v2.0`,
    request_uri_parameter_supported: false,
    userinfo_endpoint: `${baseUrl}/oidc/userinfo`,
    authorization_endpoint: `${root}/oauth2/v2.0/authorize`,
    device_authorization_endpoint: `${root}/oauth2/v2.0/devicecode`,
    http_logout_supported: true,
    frontchannel_logout_supported: true,
    end_session_endpoint: `${root}/oauth2/v2.0/logout`,
    claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'nbf', 'tid', 'oid', 'roles'],
    tenant_region_scope: null,
    cloud_instance_name: 'microsoftonline.com',
    cloud_graph_host_name: 'graph.windows.net',
    msgraph_host: 'graph.microsoft.com',
  };
}

function instanceDiscovery(baseUrl: string): Record<string, unknown> {
  const host = new URL(baseUrl).host;
  return {
    tenant_discovery_endpoint: `${baseUrl}/common/v2.0/.well-known/openid-configuration`,
    'api-version': '1.1',
    metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
  };
}
