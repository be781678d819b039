/**
 * The resolved topology: every tenant xtsync talks to and every one-way sync between them, with defaults
 * applied, tenant keys resolved to tenant ids and each sync's final mapping list. This is what the rest of
 * xtsync reads; the file format is documented in docs/topology.md and validated by parse-topology.ts.
 */
import type { AttributeMapping } from '../attribute-mapping.js';
import type { RemovalPolicy } from '../desired-state.js';
import type { ScopeFilter } from '../scope.js';

/**
 * How xtsync signs in to a tenant. Secrets are never in the topology: `secretSetting` and
 * `certificateSetting` name the app settings (Key Vault references in Azure) that hold them.
 */
export type TenantAuth =
  | { readonly type: 'client-secret'; readonly clientId: string; readonly secretSetting: string }
  | { readonly type: 'certificate'; readonly clientId: string; readonly certificateSetting: string }
  | { readonly type: 'certificate'; readonly clientId: string; readonly certificatePath: string }
  | {
      readonly type: 'managed-identity-federation';
      readonly clientId: string;
      readonly managedIdentityClientId: string;
    };

/** A tenant, by the short key the topology uses for it. */
export interface TopologyTenant {
  /** `[a-z][a-z0-9-]{0,39}`, unique in the topology. */
  readonly key: string;
  /** Lower-case GUID. */
  readonly tenantId: string;
  readonly displayName: string;
  readonly auth: TenantAuth;
}

/**
 * The most removals (disables and deletes) a sync may make before the deletion guard holds them for an
 * operator: a number of users, or a percentage of the sync's linked users.
 */
export type DeletionThreshold =
  { readonly kind: 'count'; readonly count: number } | { readonly kind: 'percent'; readonly percent: number };

/** One one-way sync (an edge `from → to`), fully resolved. */
export interface TopologySync {
  /** `[a-z0-9][a-z0-9-]{0,39}`, unique in the topology. */
  readonly id: string;
  /** Tenant keys. */
  readonly from: string;
  readonly to: string;
  /** Lower-case tenant ids of `from` and `to`. */
  readonly fromTenantId: string;
  readonly toTenantId: string;
  /** Scoping filters, OR-ed; empty = every internal member of the source. */
  readonly scope: readonly ScopeFilter[];
  /** The final mappings: the defaults with this sync's overrides applied, one per target attribute. */
  readonly mappings: readonly AttributeMapping[];
  readonly removal: RemovalPolicy;
  readonly deletionThreshold: DeletionThreshold;
  readonly inviteRedirectUrl: string;
}

/** A validated, resolved topology file. */
export interface Topology {
  readonly version: 1;
  readonly tenants: readonly TopologyTenant[];
  readonly syncs: readonly TopologySync[];
}

/**
 * The number of removals a threshold allows for a sync with `linkedUsers` linked users; a percentage rounds
 * down but always allows at least one removal, so a small sync is never blocked by its first leaver.
 */
export function deletionLimit(threshold: DeletionThreshold, linkedUsers: number): number {
  if (threshold.kind === 'count') return threshold.count;
  return Math.max(1, Math.floor((threshold.percent * linkedUsers) / 100));
}
