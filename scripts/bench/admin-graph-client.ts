/**
 * The Graph client of a simulator tenant's admin app, signed in with `ClientSecretCredential` against the
 * simulator's authority — how an administrator's script drives a real tenant. The bench makes its source
 * changes through it, so they reach the simulator exactly as any other Graph client's would.
 */
import { ClientSecretCredential } from '@azure/identity';
import { Client } from '@microsoft/microsoft-graph-client';
import { TokenCredentialAuthenticationProvider } from '@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials/index.js';
import type { GraphSimulator } from '../../src/local/graph-simulator/index.js';

/**
 * The admin client of `tenantKey`.
 *
 * @throws Error when the simulator has no such tenant.
 */
export function adminGraphClient(graph: GraphSimulator, tenantKey: string): Client {
  const admin = graph.tenants.find((tenant) => tenant.key === tenantKey);
  if (admin === undefined) throw new Error(`The simulator has no tenant '${tenantKey}'.`);
  const credential = new ClientSecretCredential(admin.tenantId, admin.clientId, admin.clientSecret, {
    authorityHost: graph.authorityHost,
    disableInstanceDiscovery: true,
  });
  return Client.initWithMiddleware({
    authProvider: new TokenCredentialAuthenticationProvider(credential, {
      scopes: ['https://graph.microsoft.com/.default'],
    }),
    baseUrl: `${graph.baseUrl}/`,
    customHosts: new Set([new URL(graph.baseUrl).hostname]),
  });
}
