/**
 * The Graph simulator for tests: `startTestGraphSimulator()` runs the default seed (four tenants, the
 * `xtsync` app everywhere) on a random port with the certificate every test worker already trusts,
 * throttling off unless asked, and notification retries compressed to milliseconds. Always close it:
 *
 * ```ts
 * let sim: GraphSimulator;
 * beforeAll(async () => { sim = await startTestGraphSimulator(); });
 * afterAll(() => sim.close());
 * const client = createAdminGraphClient(sim, 'contoso'); // the real Graph client, as the product uses it
 * ```
 */
import { ClientSecretCredential } from '@azure/identity';
import { Client } from '@microsoft/microsoft-graph-client';
import { TokenCredentialAuthenticationProvider } from '@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials/index.js';
import { loadDefaultSeed } from '../../src/local/graph-simulator/default-seed.js';
import {
  startGraphSimulator,
  type GraphSimulator,
  type GraphSimulatorOptions,
} from '../../src/local/graph-simulator/index.js';
import type { TenantAdminClient } from '../../src/local/graph-simulator/server/authority/app-registry.js';
import { createConsoleLogger } from '../../src/local/graph-simulator/server/console-logger.js';
import { readTestCertificate } from './test-certificate.js';

export type { GraphSimulator } from '../../src/local/graph-simulator/index.js';

/** The scope every app-only Graph token uses. */
export const graphScope = 'https://graph.microsoft.com/.default';

/**
 * Starts a simulator for a test file. Defaults: the default seed, throttling off, validation handshakes
 * time out after 2 s, notification POSTs after 500 ms and are retried after 20, 40, 80, 100… ms for 2 s.
 * Any option can be overridden (e.g. `{ throttle: { scale: 0.001 } }` or another `seed`).
 */
export async function startTestGraphSimulator(
  options: Partial<GraphSimulatorOptions> = {},
): Promise<GraphSimulator> {
  return startGraphSimulator({
    certificate: await readTestCertificate(),
    throttle: 'off',
    validationTimeoutMs: 2_000,
    logger: createConsoleLogger('error'),
    ...options,
    delivery: {
      timeoutMs: 500,
      initialRetryDelayMs: 20,
      maxRetryDelayMs: 100,
      maxRetryDurationMs: 2_000,
      ...options.delivery,
    },
    seed: options.seed ?? (await loadDefaultSeed()),
  });
}

/** The admin client of a tenant (every user, invitation and policy role there). */
export function adminClientOf(sim: GraphSimulator, tenantKey: string): TenantAdminClient {
  const admin = sim.tenants.find((tenant) => tenant.key === tenantKey);
  if (admin === undefined) throw new Error(`The simulator has no tenant '${tenantKey}'.`);
  return admin;
}

/** Gets an access token for the tenant's admin app from the simulator's token endpoint (plain fetch). */
export async function getAdminToken(sim: GraphSimulator, tenantKey: string): Promise<string> {
  const admin = adminClientOf(sim, tenantKey);
  const response = await fetch(`${sim.authorityHost}/${admin.tenantId}/oauth2/v2.0/token`, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: admin.clientId,
      client_secret: admin.clientSecret,
      scope: graphScope,
    }),
  });
  const body = (await response.json()) as { access_token?: string; error_description?: string };
  if (!response.ok || body.access_token === undefined) {
    throw new Error(
      `Token request for ${tenantKey} failed (${response.status}): ${body.error_description ?? ''}`,
    );
  }
  return body.access_token;
}

/** The real Graph client for the tenant's admin app, through `ClientSecretCredential` as in production. */
export function createAdminGraphClient(sim: GraphSimulator, tenantKey: string): Client {
  const admin = adminClientOf(sim, tenantKey);
  const credential = new ClientSecretCredential(admin.tenantId, admin.clientId, admin.clientSecret, {
    authorityHost: sim.authorityHost,
    disableInstanceDiscovery: true,
  });
  return Client.initWithMiddleware({
    authProvider: new TokenCredentialAuthenticationProvider(credential, { scopes: [graphScope] }),
    baseUrl: `${sim.baseUrl}/`,
    customHosts: new Set(['localhost']),
  });
}
