/**
 * Derives the Bicep deployment parameters that depend on the topology, so the per-target Service Bus
 * subscriptions (infra/main.bicep `targets`) and the per-target apply functions (`XTSYNC_TARGETS`) always
 * name the same tenants: every tenant that is the `to` of a sync becomes a target, sorted by key, and the
 * tenants' shared app registration becomes `appClientId`. Every other parameter already in the file is kept
 * as it is. Pure: the command does the reading and writing.
 */
import { z } from 'zod';
import type { TargetSetting } from '../config.js';
import type { Topology } from '../core/topology/topology.js';
import { CliError } from './cli-error.js';

/** The ARM deployment-parameters schema every parameters file declares. */
export const parametersSchemaUrl =
  'https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#';

/** A deployment parameters file as read: unknown fields and parameters are kept. */
export const parametersFileSchema = z.looseObject({
  $schema: z.string().optional(),
  contentVersion: z.string().optional(),
  parameters: z.record(z.string(), z.unknown()).default({}),
});

/** The parsed form of {@link parametersFileSchema}. */
export type ParametersFile = z.infer<typeof parametersFileSchema>;

/** The parameters file to write and what changed in it. */
export interface DerivedParameters {
  readonly document: ParametersFile;
  /** One line per changed parameter, e.g. `targets: + contoso (1111…)`; empty when nothing changed. */
  readonly changes: readonly string[];
  /** Parameters of the existing file left as they were. */
  readonly kept: readonly string[];
  readonly targets: readonly TargetSetting[];
  /** The matching `XTSYNC_TARGETS` app setting value: `key=tenantId,…`. */
  readonly xtsyncTargets: string;
}

/** Used when neither `--base-name` nor the existing file sets one. */
export const defaultBaseName = 'xtsync';

const baseNamePattern = /^[a-z][a-z0-9-]{2,15}$/;

/**
 * Merges the topology's targets and app client id (and `baseName` when given or missing) into `existing`.
 *
 * @throws CliError when the topology has no sync (Bicep needs at least one target), when its tenants use
 *   different app registrations, or when `baseName` is not a valid base name.
 */
export function deriveBicepParameters(
  topology: Topology,
  existing: ParametersFile | null,
  options: { readonly baseName?: string | undefined } = {},
): DerivedParameters {
  const targets = targetsOf(topology);
  if (targets.length === 0) {
    throw new CliError(
      'The topology has no syncs, so no tenant is a target; infra/main.bicep needs at least one.',
    );
  }
  const appClientId = appClientIdOf(topology);
  const previous = existing?.parameters ?? {};
  const baseName = options.baseName ?? (previous.baseName === undefined ? defaultBaseName : undefined);
  if (baseName !== undefined && !baseNamePattern.test(baseName)) {
    throw new CliError(
      `--base-name '${baseName}': use 3 to 16 lower-case letters, digits and hyphens, starting with a letter.`,
      { exitCode: 2 },
    );
  }
  const updates: Record<string, unknown> = {
    ...(baseName === undefined ? {} : { baseName: { value: baseName } }),
    appClientId: { value: appClientId },
    targets: { value: targets },
  };
  const changes = Object.entries(updates).flatMap(([name, update]) =>
    describeChange(name, previous[name], update),
  );
  return {
    document: {
      ...existing,
      $schema: existing?.$schema ?? parametersSchemaUrl,
      contentVersion: existing?.contentVersion ?? '1.0.0.0',
      // Spread order keeps existing parameters where they were and appends new ones.
      parameters: { ...previous, ...updates },
    },
    changes,
    kept: Object.keys(previous).filter((name) => !(name in updates)),
    targets,
    xtsyncTargets: targets.map((target) => `${target.key}=${target.tenantId}`).join(','),
  };
}

/** Every tenant that some sync provisions into, sorted by key. */
export function targetsOf(topology: Topology): TargetSetting[] {
  const keys = new Set(topology.syncs.map((sync) => sync.to));
  return topology.tenants
    .filter((tenant) => keys.has(tenant.key))
    .map((tenant) => ({ key: tenant.key, tenantId: tenant.tenantId }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

function appClientIdOf(topology: Topology): string {
  const byClientId = new Map<string, string[]>();
  for (const tenant of topology.tenants) {
    const clientId = tenant.auth.clientId.toLowerCase();
    byClientId.set(clientId, [...(byClientId.get(clientId) ?? []), tenant.key]);
  }
  const [only, ...others] = byClientId.keys();
  if (only === undefined || others.length > 0) {
    const uses = [...byClientId].map(([clientId, keys]) => `${clientId} (${keys.join(', ')})`).join('; ');
    throw new CliError(
      `The tenants sign in with different app registrations: ${uses}. xtsync deploys one multi-tenant app ` +
        '(parameter appClientId); give every tenant the same auth.clientId.',
    );
  }
  return only;
}

const targetListSchema = z.object({ value: z.array(z.object({ key: z.string(), tenantId: z.string() })) });

function describeChange(name: string, before: unknown, after: unknown): string[] {
  if (JSON.stringify(before) === JSON.stringify(after)) return [];
  const afterValue = (after as { value: unknown }).value;
  if (before === undefined) return [`${name}: set to ${summarise(afterValue)}`];
  if (name === 'targets') {
    const old = targetListSchema.safeParse(before);
    const next = targetListSchema.parse(after);
    if (old.success) return [`targets: ${diffTargets(old.data.value, next.value)}`];
  }
  const beforeValue = z.object({ value: z.unknown() }).safeParse(before);
  return [
    `${name}: ${beforeValue.success ? summarise(beforeValue.data.value) : 'a reference'} → ${summarise(afterValue)}`,
  ];
}

function diffTargets(before: readonly TargetSetting[], after: readonly TargetSetting[]): string {
  const old = new Map(before.map((target) => [target.key, target.tenantId]));
  const next = new Map(after.map((target) => [target.key, target.tenantId]));
  const parts = [
    ...after.filter((t) => !old.has(t.key)).map((t) => `+ ${t.key} (${t.tenantId})`),
    ...before.filter((t) => !next.has(t.key)).map((t) => `- ${t.key} (${t.tenantId})`),
    ...after
      .filter((t) => old.has(t.key) && old.get(t.key) !== t.tenantId)
      .map((t) => `~ ${t.key} (${old.get(t.key) ?? ''} → ${t.tenantId})`),
  ];
  return parts.length > 0 ? parts.join(', ') : 'reordered by key';
}

function summarise(value: unknown): string {
  if (Array.isArray(value)) {
    return value
      .map((item: unknown) =>
        typeof item === 'object' && item !== null && 'key' in item ? String(item.key) : JSON.stringify(item),
      )
      .join(', ');
  }
  return typeof value === 'string' ? value : JSON.stringify(value);
}
