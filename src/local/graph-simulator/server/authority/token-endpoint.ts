/**
 * `POST /{tenant}/oauth2/v2.0/token` for the client-credentials grant, with client secrets or certificate
 * assertions, answering Entra's error codes for the mistakes real deployments make.
 */
import { timingSafeEqual } from 'node:crypto';
import type { AppRegistry } from './app-registry.js';
import { servicePrincipalId } from './app-registry.js';
import { authorityError, type AuthorityReply } from './authority-error.js';
import { verifyClientAssertion } from './client-assertion.js';
import type { TokenSigner } from './token-signer.js';

/** The only scope the client-credentials grant accepts here. */
export const graphDefaultScope = 'https://graph.microsoft.com/.default';

const jwtBearer = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

/** A tenant as the authority sees it. */
export interface AuthorityTenant {
  readonly tenantId: string;
  readonly displayName: string;
}

/** What the token endpoint needs. */
export interface TokenEndpointDependencies {
  readonly registry: AppRegistry;
  readonly signer: TokenSigner;
  /** Called for every token request that names a client in a known tenant. */
  readonly onTokenRequest: (tenantId: string, clientId: string) => void;
}

/** One token request: the tenant from the path, the form body, and the endpoint URLs assertions may name. */
export interface TokenRequest {
  readonly tenant: AuthorityTenant;
  readonly form: URLSearchParams;
  readonly audiences: readonly string[];
}

/** Answers a token request with a token response or an Entra error. */
export async function handleTokenRequest(
  request: TokenRequest,
  dependencies: TokenEndpointDependencies,
): Promise<AuthorityReply> {
  const { form, tenant } = request;
  const grantType = form.get('grant_type');
  if (grantType !== 'client_credentials') {
    return authorityError(
      400,
      'unsupported_grant_type',
      70003,
      `The app requested an unsupported grant type '${grantType ?? ''}'; the simulator supports client_credentials only.`,
    );
  }
  const clientId = form.get('client_id')?.trim().toLowerCase();
  if (clientId === undefined || clientId === '') {
    return authorityError(
      400,
      'invalid_request',
      900144,
      "The request body must contain the following parameter: 'client_id'.",
    );
  }
  dependencies.onTokenRequest(tenant.tenantId, clientId);
  const scope = form.get('scope') ?? '';
  if (scope.trim() !== graphDefaultScope) {
    return authorityError(
      400,
      'invalid_scope',
      1002012,
      `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
    );
  }
  const app = dependencies.registry.find(clientId);
  const roles = app?.rolesByTenant.get(tenant.tenantId);
  if (app === undefined || roles === undefined) {
    return authorityError(
      400,
      'unauthorized_client',
      700016,
      `Application with identifier '${clientId}' was not found in the directory '${tenant.displayName}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`,
    );
  }
  const secret = form.get('client_secret');
  const assertion = form.get('client_assertion');
  if (secret !== null) {
    if (!app.secrets.some((known) => equalSecrets(known, secret))) {
      return authorityError(
        401,
        'invalid_client',
        7000215,
        `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${clientId}'.`,
      );
    }
  } else if (assertion !== null) {
    if (form.get('client_assertion_type') !== jwtBearer) {
      return authorityError(400, 'invalid_request', 50027, `client_assertion_type must be '${jwtBearer}'.`);
    }
    const check = await verifyClientAssertion(assertion, app, request.audiences);
    if (!check.ok) return authorityError(401, 'invalid_client', check.aadstsCode, check.description);
  } else {
    return authorityError(
      401,
      'invalid_client',
      7000218,
      "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
    );
  }
  const accessToken = await dependencies.signer.issue({
    tenantId: tenant.tenantId,
    appId: app.clientId,
    servicePrincipalId: servicePrincipalId(app.clientId, tenant.tenantId),
    roles,
  });
  return {
    status: 200,
    body: { token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: accessToken },
  };
}

/** Constant-time comparison, so response timing reveals nothing about a secret. */
function equalSecrets(known: string, given: string): boolean {
  const a = Buffer.from(known);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}
