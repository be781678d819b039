/**
 * {@link TenantProbe} over Microsoft Graph, for `xtsync doctor`: signs in to one tenant with the auth the
 * checked topology gives it, reads the `roles` of the token it gets, and reads the tenant's authorization
 * and cross-tenant access policies and its subscriptions through a Graph client on the same credential.
 * The token is decoded (not verified: Graph verifies it) only to read its claims, and is never logged or
 * returned.
 */
import type { TokenCredential } from '@azure/identity';
import { decodeJwt } from 'jose';
import { z } from 'zod';
import type {
  AuthorizationPolicySummary,
  PartnerPolicySummary,
  PolicyRead,
  TenantProbe,
  TenantProbeFactory,
  TokenProbeResult,
} from '../../app/doctor-ports.js';
import { SyncError } from '../../core/sync-errors.js';
import type { TopologyTenant } from '../../core/topology/topology.js';
import { createGraphClient, type GraphClientOptions } from './graph-client-factory.js';
import { createTenantCredential } from './graph-credentials.js';
import { toSyncError } from './graph-errors.js';
import { createGraphSubscriptionGateway } from './graph-subscriptions.js';
import { parseGraphBody } from './graph-user-mapping.js';

const graphScope = 'https://graph.microsoft.com/.default';

const claimsSchema = z.looseObject({
  roles: z.array(z.string()).optional(),
  oid: z.string().optional(),
});

const authorizationPolicySchema = z.looseObject({ allowInvitesFrom: z.string().min(1) });

const partnerSchema = z.looseObject({
  tenantId: z.string(),
  automaticUserConsentSettings: z
    .looseObject({
      inboundAllowed: z.boolean().nullish(),
      outboundAllowed: z.boolean().nullish(),
    })
    .nullish(),
});

/**
 * The doctor retries little: it should answer in seconds, and a check that fails says to run it again.
 * Override through `options.retry`.
 */
const doctorRetry = { maxRetries: 1, delaySeconds: 1, maxRetryAfterSeconds: 5 };

/**
 * Builds the factory of per-tenant probes. Each probe builds its credential on first use, so a tenant whose
 * credential settings are wrong gives a failed token result (`configuration`) instead of a throw.
 *
 * @param options - Authority, Graph base URL, secret lookup (`readSecretSetting`) and retry settings.
 */
export function createGraphTenantProbes(options: GraphClientOptions = {}): TenantProbeFactory {
  const clientOptions: GraphClientOptions = { ...options, retry: options.retry ?? doctorRetry };
  return (tenant) => createGraphTenantProbe(tenant, clientOptions);
}

function createGraphTenantProbe(tenant: TopologyTenant, options: GraphClientOptions): TenantProbe {
  const { tenantId } = tenant;
  let credential: TokenCredential | SyncError | undefined;
  const credentialOf = (): TokenCredential => {
    if (credential === undefined) {
      try {
        credential = createTenantCredential({ ...tenant.auth, tenantId }, options);
      } catch (error) {
        credential = toSyncError(error, { tenantId, operation: 'acquire token' });
      }
    }
    if (credential instanceof Error) throw credential;
    return credential;
  };
  let client: ReturnType<typeof createGraphClient> | undefined;
  const clientOf = () => (client ??= createGraphClient(credentialOf(), options));

  const readPolicy = async <T>(
    path: string,
    parse: (body: unknown) => T,
    objectId?: string,
  ): Promise<PolicyRead<T>> => {
    let body: unknown;
    try {
      body = await clientOf().api(path).get();
    } catch (error) {
      const mapped = toSyncError(error, {
        tenantId,
        operation: 'read policies',
        ...(objectId ? { objectId } : {}),
      });
      if (mapped.code === 'GRAPH.NOT_FOUND') return { kind: 'not-found' };
      if (mapped.code === 'GRAPH.FORBIDDEN') return { kind: 'forbidden', message: mapped.message };
      throw mapped;
    }
    return { kind: 'found', value: parse(body) };
  };

  return {
    async acquireToken(): Promise<TokenProbeResult> {
      try {
        const token = await credentialOf().getToken(graphScope);
        if (token === null) {
          return { kind: 'failed', failure: 'credential', message: 'The credential gave no token.' };
        }
        return { kind: 'token', ...readClaims(token.token, tenantId) };
      } catch (error) {
        return tokenFailure(toSyncError(error, { tenantId, operation: 'acquire token' }));
      }
    },
    readAuthorizationPolicy: () =>
      readPolicy('/policies/authorizationPolicy', (body): AuthorizationPolicySummary => {
        // v1.0 answers the policy itself; older answers wrapped it in a collection.
        const policy = isCollection(body) ? body.value[0] : body;
        const parsed = parseGraphBody(authorizationPolicySchema, policy, 'authorization policy', tenantId);
        return { allowInvitesFrom: parsed.allowInvitesFrom };
      }),
    readPartnerPolicy: (partnerTenantId) =>
      readPolicy(
        `/policies/crossTenantAccessPolicy/partners/${encodeURIComponent(partnerTenantId)}`,
        (body): PartnerPolicySummary => {
          const parsed = parseGraphBody(partnerSchema, body, 'cross-tenant access partner', tenantId);
          return {
            tenantId: parsed.tenantId.toLowerCase(),
            inboundAllowed: parsed.automaticUserConsentSettings?.inboundAllowed ?? null,
            outboundAllowed: parsed.automaticUserConsentSettings?.outboundAllowed ?? null,
          };
        },
        partnerTenantId,
      ),
    listSubscriptions: () => createGraphSubscriptionGateway({ clientFor: clientOf }).list(tenantId),
  };
}

/** Reads `roles` and `oid` from the token's payload; a token that is not a JWT has no readable roles. */
function readClaims(token: string, tenantId: string): { roles: string[]; servicePrincipalId?: string } {
  let payload: unknown;
  try {
    payload = decodeJwt(token);
  } catch {
    throw new SyncError(
      'GRAPH.UNEXPECTED',
      `The Graph token for tenant ${tenantId} is not a JWT, so its roles cannot be read`,
      { details: { tenantId } },
    );
  }
  const claims = claimsSchema.safeParse(payload);
  if (!claims.success) return { roles: [] };
  return {
    roles: claims.data.roles ?? [],
    ...(claims.data.oid ? { servicePrincipalId: claims.data.oid } : {}),
  };
}

function tokenFailure(error: SyncError): TokenProbeResult {
  if (error.code === 'CONFIG.INVALID') {
    return { kind: 'failed', failure: 'configuration', message: error.message };
  }
  if (error.code === 'GRAPH.NETWORK') {
    return { kind: 'failed', failure: 'unreachable', message: error.message };
  }
  if (error.code !== 'AUTH.CREDENTIAL') {
    return { kind: 'failed', failure: 'credential', message: error.message };
  }
  const aadsts = error.details.aadsts;
  return typeof aadsts === 'string'
    ? {
        kind: 'failed',
        failure: 'credential',
        aadsts,
        message: `Entra refused the token request (${aadsts}).`,
      }
    : { kind: 'failed', failure: 'credential', message: 'Entra refused the token request.' };
}

function isCollection(body: unknown): body is { value: unknown[] } {
  return typeof body === 'object' && body !== null && 'value' in body && Array.isArray(body.value);
}
