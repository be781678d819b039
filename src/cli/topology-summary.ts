/**
 * Short, readable descriptions of a resolved topology's parts for tables — scope, removal policy, deletion
 * threshold, sign-in — and the JSON form `topology validate --json` prints. Pure: no I/O.
 */
import type { RemovalPolicy } from '../core/desired-state.js';
import type { ScopeClause, ScopeFilter } from '../core/scope.js';
import type { TopologyShape } from '../core/topology/topology-shape.js';
import type { DeletionThreshold, TenantAuth, Topology } from '../core/topology/topology.js';

/**
 * Summarises scoping filters in the file's own words: clauses joined by `and`, filters by `or`, e.g.
 * `department in (Sales, Marketing)`; no filters reads `every internal member`.
 */
export function describeScope(filters: readonly ScopeFilter[]): string {
  if (filters.length === 0) return 'every internal member';
  const described = filters.map((filter) => filter.clauses.map(describeClause).join(' and '));
  if (described.length === 1) return described[0] ?? '';
  return described
    .map((text, index) => ((filters[index]?.clauses.length ?? 0) > 1 ? `(${text})` : text))
    .join(' or ');
}

function describeClause(clause: ScopeClause): string {
  if ('values' in clause) return `${clause.attribute} ${clause.operator} (${clause.values.join(', ')})`;
  if ('value' in clause) return `${clause.attribute} ${clause.operator} '${clause.value}'`;
  return `${clause.attribute} ${clause.operator}`;
}

/** `disable, delete after 30 days` or `delete at once`. */
export function describeRemoval(removal: RemovalPolicy): string {
  return removal.mode === 'delete'
    ? 'delete at once'
    : `disable, delete after ${removal.deleteAfterDays} day${removal.deleteAfterDays === 1 ? '' : 's'}`;
}

/** `50` (users) or `20%` (of the sync's linked users). */
export function describeThreshold(threshold: DeletionThreshold): string {
  return threshold.kind === 'count' ? String(threshold.count) : `${threshold.percent}%`;
}

/** The sign-in method and where its secret lives, e.g. `client-secret (XTSYNC_APP_CLIENT_SECRET)`. */
export function describeAuth(auth: TenantAuth): string {
  switch (auth.type) {
    case 'client-secret':
      return `client-secret (${auth.secretSetting})`;
    case 'certificate':
      return 'certificateSetting' in auth
        ? `certificate (${auth.certificateSetting})`
        : `certificate (${auth.certificatePath})`;
    case 'managed-identity-federation':
      return 'managed-identity-federation';
  }
}

/** What `topology validate --json` prints for a valid file. */
export interface TopologySummaryJson {
  readonly valid: true;
  readonly file: string;
  readonly shape: TopologyShape;
  readonly tenants: readonly {
    readonly key: string;
    readonly tenantId: string;
    readonly displayName: string;
    readonly auth: string;
    readonly clientId: string;
  }[];
  readonly syncs: readonly {
    readonly id: string;
    readonly from: string;
    readonly to: string;
    readonly fromTenantId: string;
    readonly toTenantId: string;
    readonly scope: string;
    readonly scopeFilters: readonly ScopeFilter[];
    readonly removal: RemovalPolicy;
    readonly deletionThreshold: DeletionThreshold;
    readonly inviteRedirectUrl: string;
    readonly mappedAttributes: readonly string[];
  }[];
}

/** The machine-readable summary of a valid topology (setting names only; a topology holds no secrets). */
export function toTopologySummaryJson(
  file: string,
  topology: Topology,
  shape: TopologyShape,
): TopologySummaryJson {
  return {
    valid: true,
    file,
    shape,
    tenants: topology.tenants.map((tenant) => ({
      key: tenant.key,
      tenantId: tenant.tenantId,
      displayName: tenant.displayName,
      auth: describeAuth(tenant.auth),
      clientId: tenant.auth.clientId,
    })),
    syncs: topology.syncs.map((sync) => ({
      id: sync.id,
      from: sync.from,
      to: sync.to,
      fromTenantId: sync.fromTenantId,
      toTenantId: sync.toTenantId,
      scope: describeScope(sync.scope),
      scopeFilters: sync.scope,
      removal: sync.removal,
      deletionThreshold: sync.deletionThreshold,
      inviteRedirectUrl: sync.inviteRedirectUrl,
      mappedAttributes: sync.mappings.map((mapping) => mapping.target),
    })),
  };
}
