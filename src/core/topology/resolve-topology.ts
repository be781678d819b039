/**
 * Turns a schema-valid topology file into the resolved {@link Topology}: applies defaults, resolves tenant
 * keys, builds each sync's scope and mappings, and checks what a schema cannot: unique keys, ids and pairs,
 * known tenants, no self-sync, an auth for every tenant.
 */
import { defaultInviteRedirectUrl } from '../compute-desired-state.js';
import type { RemovalPolicy } from '../desired-state.js';
import { checkScope } from './check-scope.js';
import { resolveMappings } from './resolve-mappings.js';
import type { DeletionThreshold, TenantAuth, Topology, TopologySync, TopologyTenant } from './topology.js';
import type { LineOf, TopologyProblem } from './topology-error.js';
import type { TopologyFile, TopologyFileAuth } from './topology-file-schema.js';

type FileSync = NonNullable<TopologyFile['syncs']>[number];
type FilePolicy = Pick<FileSync, 'removal' | 'deletionThreshold' | 'inviteRedirectUrl'>;

/** Resolves a topology file; returns the topology, or every problem found (never both). */
export function resolveTopology(
  file: TopologyFile,
  lineOf: LineOf,
): { topology: Topology; problems: readonly [] } | { topology: null; problems: readonly TopologyProblem[] } {
  const problems: TopologyProblem[] = [];
  const tenants = resolveTenants(file, lineOf, problems);
  const byKey = new Map(tenants.map((tenant) => [tenant.key, tenant]));
  const declared = [...new Set(file.tenants.map((tenant) => tenant.key))];
  const syncIds = new Map<string, number>();
  const pairs = new Map<string, number>();
  const syncs: TopologySync[] = [];
  for (const [index, sync] of (file.syncs ?? []).entries()) {
    const at = ['syncs', index];
    firstOccurrence(syncIds, sync.id, index, () =>
      problems.push({
        path: [...at, 'id'],
        message: `duplicate sync id '${sync.id}' (first defined at line ${lineOf(['syncs', syncIds.get(sync.id) ?? 0])})`,
      }),
    );
    const from = knownTenant(byKey, declared, sync.from, [...at, 'from'], problems);
    const to = knownTenant(byKey, declared, sync.to, [...at, 'to'], problems);
    if (sync.from === sync.to) {
      problems.push({
        path: [...at, 'to'],
        message: `a sync can't go from a tenant to itself ('${sync.to}')`,
      });
    } else {
      const pair = `${sync.from}\u0000${sync.to}`;
      firstOccurrence(pairs, pair, index, () => {
        const first = pairs.get(pair) ?? 0;
        const firstId = file.syncs?.[first]?.id ?? '';
        problems.push({
          path: at,
          message: `${sync.from} → ${sync.to} is already synced by '${firstId}' (line ${lineOf(['syncs', first])}); merge their scopes into one sync`,
        });
      });
    }
    const scope = checkScope(sync.scope?.filters ?? [], [...at, 'scope', 'filters']);
    const mappings = resolveMappings(sync.mappings ?? [], [...at, 'mappings'], lineOf);
    problems.push(...scope.problems, ...mappings.problems);
    if (from === undefined || to === undefined) continue;
    syncs.push({
      id: sync.id,
      from: from.key,
      to: to.key,
      fromTenantId: from.tenantId,
      toTenantId: to.tenantId,
      scope: scope.filters,
      mappings: mappings.mappings,
      ...resolvePolicy(sync, file.defaults ?? {}),
    });
  }
  return problems.length > 0
    ? { topology: null, problems }
    : { topology: { version: 1, tenants, syncs }, problems: [] };
}

function resolveTenants(file: TopologyFile, lineOf: LineOf, problems: TopologyProblem[]): TopologyTenant[] {
  const keys = new Map<string, number>();
  const ids = new Map<string, number>();
  const tenants: TopologyTenant[] = [];
  for (const [index, tenant] of file.tenants.entries()) {
    const at = ['tenants', index];
    const tenantId = tenant.tenantId.toLowerCase();
    firstOccurrence(keys, tenant.key, index, () =>
      problems.push({
        path: [...at, 'key'],
        message: `duplicate tenant key '${tenant.key}' (first defined at line ${lineOf(['tenants', keys.get(tenant.key) ?? 0])})`,
      }),
    );
    firstOccurrence(ids, tenantId, index, () => {
      const first = ids.get(tenantId) ?? 0;
      problems.push({
        path: [...at, 'tenantId'],
        message: `tenant id ${tenantId} is already used by tenant '${file.tenants[first]?.key ?? ''}' (line ${lineOf(['tenants', first])})`,
      });
    });
    const auth = tenant.auth ?? file.defaults?.auth;
    if (auth === undefined) {
      problems.push({
        path: at,
        message: `tenant '${tenant.key}' has no auth, and there is no defaults.auth to fall back on`,
      });
      continue;
    }
    tenants.push({
      key: tenant.key,
      tenantId,
      displayName: tenant.displayName ?? tenant.key,
      auth: toAuth(auth),
    });
  }
  return tenants;
}

function toAuth(auth: TopologyFileAuth): TenantAuth {
  const clientId = auth.clientId.toLowerCase();
  switch (auth.type) {
    case 'client-secret':
      return { type: auth.type, clientId, secretSetting: auth.secretSetting };
    case 'managed-identity-federation':
      return {
        type: auth.type,
        clientId,
        managedIdentityClientId: auth.managedIdentityClientId.toLowerCase(),
      };
    case 'certificate':
      return auth.certificateSetting !== undefined
        ? { type: auth.type, clientId, certificateSetting: auth.certificateSetting }
        : { type: auth.type, clientId, certificatePath: auth.certificatePath ?? '' };
  }
}

function resolvePolicy(
  sync: FilePolicy,
  defaults: FilePolicy,
): Pick<TopologySync, 'removal' | 'deletionThreshold' | 'inviteRedirectUrl'> {
  const removal = sync.removal ?? defaults.removal;
  const policy: RemovalPolicy =
    removal?.mode === 'delete'
      ? { mode: 'delete', deleteAfterDays: 0 }
      : { mode: 'disable', deleteAfterDays: removal?.deleteAfterDays ?? 30 };
  return {
    removal: policy,
    deletionThreshold: toThreshold(sync.deletionThreshold ?? defaults.deletionThreshold ?? 500),
    inviteRedirectUrl: sync.inviteRedirectUrl ?? defaults.inviteRedirectUrl ?? defaultInviteRedirectUrl,
  };
}

function toThreshold(value: number | string): DeletionThreshold {
  return typeof value === 'number'
    ? { kind: 'count', count: value }
    : { kind: 'percent', percent: Number.parseFloat(value) };
}

/** The resolved tenant for `key`; reports keys that no tenant declares (a declared one without auth is already reported). */
function knownTenant(
  byKey: ReadonlyMap<string, TopologyTenant>,
  declared: readonly string[],
  key: string,
  path: readonly PropertyKey[],
  problems: TopologyProblem[],
): TopologyTenant | undefined {
  if (!declared.includes(key)) {
    problems.push({ path, message: `unknown tenant '${key}'; known tenants: ${declared.join(', ')}` });
  }
  return byKey.get(key);
}

/** Records the first index of `value`; calls `onDuplicate` when it was seen before. */
function firstOccurrence(
  seen: Map<string, number>,
  value: string,
  index: number,
  onDuplicate: () => void,
): void {
  if (seen.has(value)) onDuplicate();
  else seen.set(value, index);
}
