/**
 * Graph adapters for the tenants of the active topology. Tenants and their credentials come from the
 * topology file, which can change while the app runs: the adapters are rebuilt when the active version
 * changes (rare), and reused otherwise so each tenant keeps one credential and its token cache.
 */
import type { DirectoryProvider, SubscriptionGateway } from '../../app/ports.js';
import type { TopologySource } from '../../app/topology-source.js';
import type { Topology } from '../../core/topology/topology.js';
import { createGraphDirectoryProvider, type GraphDirectoryProviderOptions } from './graph-client-factory.js';
import { createGraphSubscriptionGateway } from './graph-subscriptions.js';
import { createWritePacers } from './graph-write-pacer.js';

export type TopologyGraphOptions = Omit<GraphDirectoryProviderOptions, 'tenants'>;

export interface TopologyGraph {
  /** Directories of the active topology's tenants; an unknown tenant fails with CONFIG.INVALID. */
  directories(): Promise<DirectoryProvider>;
  /** Subscriptions of the active topology's tenants; each call uses the adapters of the version active then. */
  readonly subscriptions: SubscriptionGateway;
}

/** Keeps Graph adapters in step with the active topology version. */
export function createTopologyGraph(topology: TopologySource, options: TopologyGraphOptions): TopologyGraph {
  // Pacing outlives the adapters: a new topology version must not forget how much quota was just spent.
  const writePacers = options.writePacers ?? createWritePacers();
  let built:
    | { version: number | null; directories: DirectoryProvider; subscriptions: SubscriptionGateway }
    | undefined;

  const current = async () => {
    const active = await topology.current();
    const version = active?.version ?? null;
    if (built?.version !== version) {
      const provider = createGraphDirectoryProvider({
        ...options,
        writePacers,
        tenants: tenantAuthConfigs(active?.topology),
      });
      built = { version, directories: provider, subscriptions: createGraphSubscriptionGateway(provider) };
    }
    return built;
  };

  const gateway = async (): Promise<SubscriptionGateway> => (await current()).subscriptions;
  return {
    directories: async () => (await current()).directories,
    subscriptions: {
      create: async (tenantId, request) => (await gateway()).create(tenantId, request),
      renew: async (tenantId, id, expiration) => (await gateway()).renew(tenantId, id, expiration),
      reauthorize: async (tenantId, id) => (await gateway()).reauthorize(tenantId, id),
      delete: async (tenantId, id) => (await gateway()).delete(tenantId, id),
      list: async (tenantId) => (await gateway()).list(tenantId),
    },
  };
}

/** The adapter's auth configs (tenant id added) for every tenant of a topology. */
export function tenantAuthConfigs(topology: Topology | undefined): Record<string, unknown> {
  return Object.fromEntries(
    (topology?.tenants ?? []).map((tenant) => [
      tenant.tenantId,
      { ...tenant.auth, tenantId: tenant.tenantId },
    ]),
  );
}
