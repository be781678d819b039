/**
 * Settings, parsed once from the environment (app settings in Azure, local.settings.json under Core Tools,
 * the local stack's own values under `npm start`). This is the only module that reads `process.env`.
 */
import { z } from 'zod';
import { SyncError } from './core/sync-errors.js';

const guid = z
  .string()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'expected a GUID');
const optionalText = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === '' ? undefined : value.trim()));
const httpsOrLoopbackUrl = z.url().refine((value) => {
  const url = new URL(value);
  return url.protocol === 'https:' || ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
}, 'expected an https URL (http only on loopback)');

/** A target tenant that gets its own apply function and Service Bus subscription. */
export interface TargetSetting {
  readonly key: string;
  readonly tenantId: string;
}

/** How xtsync's multi-tenant app registration proves who it is. */
export type AppCredentialSetting =
  | { readonly kind: 'client-secret'; readonly clientSecret: string }
  | { readonly kind: 'certificate'; readonly certificatePath: string }
  | { readonly kind: 'managed-identity-federation'; readonly managedIdentityClientId: string };

/** The parsed settings. */
export interface AppConfig {
  readonly tables:
    | { readonly kind: 'connection-string'; readonly connectionString: string }
    | { readonly kind: 'endpoint'; readonly endpoint: string };
  readonly tablePrefix: string;
  readonly serviceBus:
    | { readonly kind: 'connection-string'; readonly connectionString: string }
    | { readonly kind: 'namespace'; readonly fullyQualifiedNamespace: string };
  readonly sourceQueueName: string;
  readonly targetTopicName: string;
  readonly targets: readonly TargetSetting[];
  readonly publicBaseUrl: string;
  readonly appClientId: string;
  readonly appCredential: AppCredentialSetting | null;
  readonly graphBaseUrl: string;
  readonly authorityHost: string;
  readonly reconcileSchedule: string;
  readonly inviteRedirectUrl: string;
  /** Quarantine a sync only after at least this many attempts in the window (`XTSYNC_QUARANTINE_MIN_ATTEMPTS`). */
  readonly quarantineMinAttempts: number;
  /** Looks up a named secret setting (topology `secretSetting`); undefined when unset. */
  readonly readSecretSetting: (name: string) => string | undefined;
}

const targetsSetting = z
  .string()
  .optional()
  .transform((value, ctx) => {
    const entries = (value ?? '')
      .split(',')
      .map((entry) => entry.trim())
      .filter((entry) => entry !== '');
    const targets: TargetSetting[] = [];
    for (const entry of entries) {
      const [key, tenantId] = entry.split('=').map((part) => part.trim());
      if (!key || !/^[a-z][a-z0-9-]{0,39}$/.test(key) || !tenantId || !guid.safeParse(tenantId).success) {
        ctx.addIssue({
          code: 'custom',
          message: `entry '${entry}' is not key=tenantId (key [a-z][a-z0-9-]*)`,
        });
        continue;
      }
      targets.push({ key, tenantId: tenantId.toLowerCase() });
    }
    return targets;
  });

const settingsSchema = z.object({
  TablesConnection: optionalText,
  TablesConnection__endpoint: optionalText,
  XTSYNC_TABLE_PREFIX: z
    .string()
    .regex(/^([A-Za-z][A-Za-z0-9]{0,29})?$/, 'letters and digits, starting with a letter')
    .default(''),
  ServiceBusConnection: optionalText,
  ServiceBusConnection__fullyQualifiedNamespace: optionalText,
  XTSYNC_SOURCE_QUEUE: z.string().min(1).default('source-changes'),
  XTSYNC_TARGET_TOPIC: z.string().min(1).default('target-changes'),
  XTSYNC_TARGETS: targetsSetting,
  XTSYNC_PUBLIC_BASE_URL: httpsOrLoopbackUrl,
  XTSYNC_APP_CLIENT_ID: guid,
  XTSYNC_APP_CLIENT_SECRET: optionalText,
  XTSYNC_APP_CERTIFICATE_PATH: optionalText,
  XTSYNC_MANAGED_IDENTITY_CLIENT_ID: optionalText,
  GRAPH_BASE_URL: httpsOrLoopbackUrl.default('https://graph.microsoft.com'),
  GRAPH_AUTHORITY_HOST: z.url().default('https://login.microsoftonline.com'),
  XTSYNC_RECONCILE_SCHEDULE: z
    .string()
    .regex(/^(\S+\s+){5}\S+$/, 'expected an NCRONTAB expression with 6 fields')
    .default('0 */30 * * * *'),
  XTSYNC_INVITE_REDIRECT_URL: z.url().default('https://myapps.microsoft.com'),
  XTSYNC_QUARANTINE_MIN_ATTEMPTS: z.coerce
    .number()
    .int('expected a whole number')
    .min(1, 'expected at least 1')
    .max(1_000_000, 'expected at most 1000000')
    .default(20),
});

/**
 * Parses settings from `env`; throws SyncError CONFIG.INVALID listing every missing or invalid key at once
 * (values are never echoed, since some are secrets).
 */
export function loadConfig(env: Readonly<Record<string, string | undefined>> = process.env): AppConfig {
  const parsed = settingsSchema.safeParse(env);
  const problems: string[] = parsed.success
    ? []
    : parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
  if (!parsed.success) throw configError(problems);
  const s = parsed.data;

  const tables = s.TablesConnection
    ? { kind: 'connection-string' as const, connectionString: s.TablesConnection }
    : s.TablesConnection__endpoint
      ? { kind: 'endpoint' as const, endpoint: s.TablesConnection__endpoint }
      : null;
  if (!tables) problems.push('TablesConnection or TablesConnection__endpoint: one of them is required');

  const serviceBus = s.ServiceBusConnection
    ? { kind: 'connection-string' as const, connectionString: s.ServiceBusConnection }
    : s.ServiceBusConnection__fullyQualifiedNamespace
      ? {
          kind: 'namespace' as const,
          fullyQualifiedNamespace: s.ServiceBusConnection__fullyQualifiedNamespace,
        }
      : null;
  if (!serviceBus) {
    problems.push(
      'ServiceBusConnection or ServiceBusConnection__fullyQualifiedNamespace: one of them is required',
    );
  }
  if (problems.length > 0 || !tables || !serviceBus) throw configError(problems);

  return Object.freeze({
    tables,
    tablePrefix: s.XTSYNC_TABLE_PREFIX,
    serviceBus,
    sourceQueueName: s.XTSYNC_SOURCE_QUEUE,
    targetTopicName: s.XTSYNC_TARGET_TOPIC,
    targets: Object.freeze(s.XTSYNC_TARGETS),
    publicBaseUrl: s.XTSYNC_PUBLIC_BASE_URL.replace(/\/+$/, ''),
    appClientId: s.XTSYNC_APP_CLIENT_ID.toLowerCase(),
    appCredential: appCredentialFrom(s),
    graphBaseUrl: s.GRAPH_BASE_URL.replace(/\/+$/, ''),
    authorityHost: s.GRAPH_AUTHORITY_HOST.replace(/\/+$/, ''),
    reconcileSchedule: s.XTSYNC_RECONCILE_SCHEDULE,
    inviteRedirectUrl: s.XTSYNC_INVITE_REDIRECT_URL,
    quarantineMinAttempts: s.XTSYNC_QUARANTINE_MIN_ATTEMPTS,
    readSecretSetting: (name: string) => {
      const value = env[name];
      return value === undefined || value === '' ? undefined : value;
    },
  });
}

function appCredentialFrom(s: z.infer<typeof settingsSchema>): AppCredentialSetting | null {
  if (s.XTSYNC_MANAGED_IDENTITY_CLIENT_ID) {
    return {
      kind: 'managed-identity-federation',
      managedIdentityClientId: s.XTSYNC_MANAGED_IDENTITY_CLIENT_ID,
    };
  }
  if (s.XTSYNC_APP_CERTIFICATE_PATH)
    return { kind: 'certificate', certificatePath: s.XTSYNC_APP_CERTIFICATE_PATH };
  if (s.XTSYNC_APP_CLIENT_SECRET) return { kind: 'client-secret', clientSecret: s.XTSYNC_APP_CLIENT_SECRET };
  return null;
}

function configError(problems: readonly string[]): SyncError {
  return new SyncError('CONFIG.INVALID', `Invalid settings:\n  ${problems.join('\n  ')}`);
}

let cached: AppConfig | undefined;

/** The process's settings, parsed on first use and then reused. */
export function appConfig(): AppConfig {
  cached ??= loadConfig();
  return cached;
}

/** Where the operator CLI finds the admin API when no flag says so; either value may be unset. */
export interface CliSettings {
  /** `XTSYNC_URL`: the function app's base URL, e.g. `https://func-xtsync.azurewebsites.net`. */
  readonly url: string | undefined;
  /** `XTSYNC_ADMIN_KEY`: a function key of the admin endpoints. A secret: never print it. */
  readonly adminKey: string | undefined;
}

const cliSettingsSchema = z.object({ XTSYNC_URL: optionalText, XTSYNC_ADMIN_KEY: optionalText });

/**
 * Reads the operator CLI's settings `XTSYNC_URL` and `XTSYNC_ADMIN_KEY` from `env`; blank values count as
 * unset. It never fails: the CLI decides what is missing once it has looked at its flags and the stack file.
 */
export function cliSettings(env: Readonly<Record<string, string | undefined>> = process.env): CliSettings {
  const parsed = cliSettingsSchema.parse({
    XTSYNC_URL: env.XTSYNC_URL,
    XTSYNC_ADMIN_KEY: env.XTSYNC_ADMIN_KEY,
  });
  return Object.freeze({ url: parsed.XTSYNC_URL, adminKey: parsed.XTSYNC_ADMIN_KEY });
}
