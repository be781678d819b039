/**
 * The tenants and topology the bench runs on: the simulator's default seed with the source (contoso) and
 * the target (fabrikam) emptied of hand-written users, so every user in the source is one the scenario put
 * there, and a one-to-one sync that takes every internal member of the source.
 */
import { loadDefaultSeed } from '../../src/local/graph-simulator/default-seed.js';
import type { SimulatorSeed } from '../../src/local/graph-simulator/seed.js';
import { localAppKey } from '../../src/local/stack/local-stack-settings.js';

/** Tenant keys of the bench's one-to-one topology. */
export const sourceKey = 'contoso';
export const targetKey = 'fabrikam';
/** The sync id every provisioning-log entry of the bench carries. */
export const benchSyncId = 'bench-contoso-to-fabrikam';

/** The default seed with empty source and target tenants and `syntheticUsers` generated in the source. */
export async function benchSeed(syntheticUsers: number): Promise<SimulatorSeed> {
  const seed = await loadDefaultSeed();
  return {
    ...seed,
    tenants: seed.tenants.map((tenant) => {
      if (tenant.key === sourceKey) return { ...tenant, users: [], syntheticUsers };
      if (tenant.key === targetKey) return { ...tenant, users: [], syntheticUsers: 0 };
      return tenant;
    }),
  };
}

/** How the bench's sync scopes the source: every internal member, or nobody (a placeholder). */
export type BenchScope = 'everyone' | 'nobody';

/**
 * The one-to-one topology YAML for `seed`. `nobody` keeps the same tenants and target (so the stack starts
 * the same functions) while matching no user; applying `everyone` later is then the start of a full sync.
 *
 * @throws Error when the seed lacks the source, the target or the xtsync app.
 */
export function benchTopology(seed: SimulatorSeed, scope: BenchScope): string {
  const tenantId = (key: string): string => seedTenantId(seed, key);
  const scopeLines =
    scope === 'everyone'
      ? []
      : [
          '    scope:',
          '      filters:',
          "        - clauses: [{ attribute: department, operator: equals, value: 'xtsync bench: nobody' }]",
        ];
  return [
    'version: 1',
    'defaults:',
    `  auth: { type: client-secret, clientId: ${seedAppClientId(seed)}, secretSetting: XTSYNC_APP_CLIENT_SECRET }`,
    'tenants:',
    `  - { key: ${sourceKey}, tenantId: ${tenantId(sourceKey)}, displayName: Contoso }`,
    `  - { key: ${targetKey}, tenantId: ${tenantId(targetKey)}, displayName: Fabrikam }`,
    'syncs:',
    `  - id: ${benchSyncId}`,
    `    from: ${sourceKey}`,
    `    to: ${targetKey}`,
    ...scopeLines,
    '    removal: { mode: disable, deleteAfterDays: 30 }',
    '',
  ].join('\n');
}

/**
 * The tenant id of `key` in the seed.
 *
 * @throws Error when the seed has no such tenant.
 */
export function seedTenantId(seed: SimulatorSeed, key: string): string {
  const tenant = seed.tenants.find((candidate) => candidate.key === key);
  if (tenant === undefined) throw new Error(`The bench seed has no tenant '${key}'.`);
  return tenant.tenantId;
}

/**
 * The client id of the app xtsync signs in as (its anchor extension is named after it).
 *
 * @throws Error when the seed has no such app.
 */
export function seedAppClientId(seed: SimulatorSeed): string {
  const app = seed.applications.find((candidate) => candidate.key === localAppKey);
  if (app === undefined) throw new Error(`The bench seed has no '${localAppKey}' application.`);
  return app.clientId;
}
