/**
 * The simulator's seed file (YAML or JSON): tenants with their users, app registrations with secrets and
 * certificates, each app's service principal and roles per tenant, and the tenant policies that the
 * doctor and the invitation API read. Validated with zod; errors name the file and the path.
 */
import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';

const guid = z
  .string()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'expected a GUID');
const key = z.string().regex(/^[a-z][a-z0-9-]{0,39}$/, 'expected a key ([a-z][a-z0-9-]*)');

/** Application permissions (app roles in the token's `roles` claim) the simulator understands. */
export const graphAppRoles = [
  'User.Read.All',
  'User.ReadWrite.All',
  'User.Invite.All',
  'User.EnableDisableAccount.All',
  'Directory.Read.All',
  'Directory.ReadWrite.All',
  'Policy.Read.All',
  'Application.ReadWrite.OwnedBy',
] as const;
export type GraphAppRole = (typeof graphAppRoles)[number];

/** A seeded user: any Graph user properties; `id` is generated when absent. */
const seedUserSchema = z
  .object({
    id: guid.optional(),
    userPrincipalName: z.string().min(3),
    displayName: z.string().min(1),
  })
  .catchall(z.unknown());

const partnerPolicySchema = z.strictObject({
  tenantId: guid,
  /** Automatic redemption of invitations from / to this partner (automaticUserConsentSettings). */
  inboundAutomaticRedemption: z.boolean().default(false),
  outboundAutomaticRedemption: z.boolean().default(false),
  /** Cross-tenant sync tab: users of this partner may be synced into this tenant. */
  inboundUserSyncAllowed: z.boolean().default(false),
});

const tenantSchema = z.strictObject({
  key,
  tenantId: guid,
  displayName: z.string().min(1),
  defaultDomain: z.string().regex(/^[a-z0-9-]+\.onmicrosoft\.com$/, 'expected <name>.onmicrosoft.com'),
  verifiedDomains: z.array(z.string().min(3)).default([]),
  users: z.array(seedUserSchema).default([]),
  /** Generated internal members added at start (for scale runs). */
  syntheticUsers: z.number().int().min(0).max(1_000_000).default(0),
  servicePrincipals: z
    .array(z.strictObject({ app: key, roles: z.array(z.enum(graphAppRoles)).default([]) }))
    .default([]),
  policies: z
    .strictObject({
      /** Who may invite guests (authorizationPolicy.allowInvitesFrom); `none` makes app-only invites fail. */
      allowInvitesFrom: z
        .enum(['everyone', 'adminsGuestInvitersAndAllMembers', 'adminsAndGuestInviters', 'none'])
        .default('everyone'),
      partners: z.array(partnerPolicySchema).default([]),
    })
    .default({ allowInvitesFrom: 'everyone', partners: [] }),
});

const applicationSchema = z.strictObject({
  key,
  clientId: guid,
  displayName: z.string().min(1),
  /** Tenant key of the app's home tenant. */
  homeTenant: key,
  /** Client secrets; when empty the simulator generates one at start and reports it. */
  secrets: z.array(z.string().min(16)).default([]),
  /** PEM certificates accepted for client assertions (certificate credentials). */
  certificates: z.array(z.string().includes('BEGIN CERTIFICATE')).default([]),
  /** Directory extension names defined on this app, usable in every tenant where it has a service principal. */
  extensionProperties: z.array(z.string().regex(/^[A-Za-z][A-Za-z0-9]{0,59}$/)).default([]),
});

export const simulatorSeedSchema = z.strictObject({
  applications: z.array(applicationSchema).default([]),
  tenants: z.array(tenantSchema).min(1),
});

export type SimulatorSeed = z.infer<typeof simulatorSeedSchema>;
export type SeedTenant = z.infer<typeof tenantSchema>;
export type SeedApplication = z.infer<typeof applicationSchema>;
export type SeedUser = z.infer<typeof seedUserSchema>;
export type PartnerPolicy = z.infer<typeof partnerPolicySchema>;

/** Parses a seed object; throws an Error that names `source` and every invalid path. */
export function parseSimulatorSeed(input: unknown, source = 'seed'): SimulatorSeed {
  const result = simulatorSeedSchema.safeParse(input);
  if (!result.success) {
    const problems = result.error.issues.map(
      (issue) => `  ${issue.path.join('.') || '(root)'}: ${issue.message}`,
    );
    throw new Error(`Invalid simulator seed in ${source}:\n${problems.join('\n')}`);
  }
  const seed = result.data;
  const tenantKeys = new Set(seed.tenants.map((t) => t.key));
  const appKeys = new Set(seed.applications.map((a) => a.key));
  const problems: string[] = [];
  for (const app of seed.applications) {
    if (!tenantKeys.has(app.homeTenant))
      problems.push(`applications.${app.key}.homeTenant: unknown tenant '${app.homeTenant}'`);
  }
  for (const tenant of seed.tenants) {
    for (const sp of tenant.servicePrincipals) {
      if (!appKeys.has(sp.app))
        problems.push(`tenants.${tenant.key}.servicePrincipals: unknown app '${sp.app}'`);
    }
  }
  if (problems.length > 0)
    throw new Error(`Invalid simulator seed in ${source}:\n  ${problems.join('\n  ')}`);
  return seed;
}

/** Reads and parses a seed file (`.yaml`, `.yml` or `.json`). */
export async function loadSimulatorSeed(filePath: string): Promise<SimulatorSeed> {
  const text = await readFile(filePath, 'utf8');
  let data: unknown;
  try {
    data = parseYaml(text);
  } catch (error) {
    throw new Error(`Cannot parse simulator seed ${filePath}: ${(error as Error).message}`);
  }
  return parseSimulatorSeed(data, filePath);
}
