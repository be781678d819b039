/**
 * The Graph clients the demo drives tenants with: each tenant's admin app from stack.json, signed in with
 * `ClientSecretCredential` against the simulator's authority, exactly as an administrator's script would
 * sign in to real tenants. The simulator's certificate must already be trusted (NODE_EXTRA_CA_CERTS).
 */
import { ClientSecretCredential } from '@azure/identity';
import { Client } from '@microsoft/microsoft-graph-client';
import { TokenCredentialAuthenticationProvider } from '@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials/index.js';
import type { GraphSimInfo } from '../stack/stack-file.js';
import { createDemoDirectory, type DemoDirectory } from './demo-directory.js';

const graphScopes = ['https://graph.microsoft.com/.default'];

/**
 * One {@link DemoDirectory} per tenant key of the simulator, each with its own cached credential (a token
 * per credential, not per call).
 */
export function createTenantAdminDirectories(graph: GraphSimInfo): ReadonlyMap<string, DemoDirectory> {
  const baseUrl = graph.baseUrl.endsWith('/') ? graph.baseUrl : `${graph.baseUrl}/`;
  const customHosts = new Set([new URL(baseUrl).hostname]);
  return new Map(
    graph.tenants.map((tenant) => {
      const credential = new ClientSecretCredential(tenant.tenantId, tenant.clientId, tenant.clientSecret, {
        authorityHost: graph.authorityHost,
        disableInstanceDiscovery: true,
      });
      const client = Client.initWithMiddleware({
        authProvider: new TokenCredentialAuthenticationProvider(credential, { scopes: graphScopes }),
        baseUrl,
        customHosts,
      });
      return [tenant.key, createDemoDirectory(client, tenant.key)];
    }),
  );
}
