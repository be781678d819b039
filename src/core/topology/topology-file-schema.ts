/**
 * The zod schema of a topology file as written (before defaults and cross-references are resolved). Every
 * object is strict, so a misspelt field is reported instead of silently ignored.
 */
import { z } from 'zod';

const guid = z
  .string()
  .regex(
    /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
    'expected a GUID such as 11111111-1111-4111-8111-111111111111',
  );

/** Tenant keys: a lower-case letter, then up to 39 lower-case letters, digits and hyphens. */
export const tenantKeyPattern = /^[a-z][a-z0-9-]{0,39}$/;
/** Sync ids: a lower-case letter or digit, then up to 39 lower-case letters, digits and hyphens. */
export const syncIdPattern = /^[a-z0-9][a-z0-9-]{0,39}$/;

const tenantKey = z
  .string()
  .regex(tenantKeyPattern, 'expected a tenant key: a lower-case letter, then up to 39 of a-z, 0-9 and -');
const syncId = z
  .string()
  .regex(syncIdPattern, 'expected a sync id: up to 40 of a-z, 0-9 and -, not starting with -');
const settingName = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]{0,127}$/, 'expected the name of an app setting (letters, digits and _)');
const text = z.string({ error: 'expected text (put numbers and true/false in quotes)' });

const authSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('client-secret'), clientId: guid, secretSetting: settingName }),
  z
    .strictObject({
      type: z.literal('certificate'),
      clientId: guid,
      certificateSetting: settingName.optional(),
      certificatePath: z.string().min(1).optional(),
    })
    .refine((auth) => (auth.certificateSetting === undefined) !== (auth.certificatePath === undefined), {
      error: 'give exactly one of certificateSetting or certificatePath',
    }),
  z.strictObject({
    type: z.literal('managed-identity-federation'),
    clientId: guid,
    managedIdentityClientId: guid,
  }),
]);

const removalSchema = z.discriminatedUnion('mode', [
  z.strictObject({
    mode: z.literal('disable'),
    deleteAfterDays: z.number().int().min(1).max(3650).optional(),
  }),
  z.strictObject({ mode: z.literal('delete') }),
]);

const thresholdError =
  'expected a number of users of at least 1 (e.g. 500) or a percentage of linked users above 0 and up to 100, in quotes (e.g. "10%")';
const percentage = z
  .string()
  .regex(/^\d+(\.\d+)?%$/, { error: thresholdError, abort: true })
  .refine(
    (value) => {
      const percent = Number.parseFloat(value);
      return percent > 0 && percent <= 100;
    },
    { error: thresholdError },
  );
const deletionThresholdSchema = z.union([z.number().int().min(1, thresholdError), percentage], {
  error: thresholdError,
});

const redirectUrlSchema = z.url({ protocol: /^https$/, error: 'expected an https URL' });

const clauseSchema = z.discriminatedUnion('operator', [
  z.strictObject({
    attribute: text,
    operator: z.enum(['equals', 'not-equals', 'starts-with', 'ends-with', 'regex', 'not-regex']),
    value: text,
  }),
  z.strictObject({
    attribute: text,
    operator: z.enum(['in', 'not-in']),
    values: z.array(text).min(1, 'expected at least one value'),
  }),
  z.strictObject({
    attribute: text,
    operator: z.enum(['is-true', 'is-false', 'is-null', 'is-not-null']),
  }),
]);

const scopeSchema = z.strictObject({
  filters: z
    .array(z.strictObject({ clauses: z.array(clauseSchema).min(1, 'expected at least one clause') }))
    .min(1, 'expected at least one filter (leave scope out to sync every internal member)'),
});

const mappingSchema = z
  .strictObject({
    target: text,
    source: text.optional(),
    constant: z.union([z.string(), z.boolean(), z.array(z.string())]).optional(),
    template: text.optional(),
    none: z.literal(true).optional(),
    apply: z.enum(['always', 'onCreate']).optional(),
  })
  .refine(
    (mapping) =>
      [mapping.source, mapping.constant, mapping.template, mapping.none].filter((v) => v !== undefined)
        .length === 1,
    { error: 'give exactly one of source, constant, template or none' },
  )
  .refine((mapping) => mapping.none === undefined || mapping.apply === undefined, {
    error: 'apply has no meaning with none: true',
    path: ['apply'],
  });

const syncPolicy = {
  removal: removalSchema.optional(),
  deletionThreshold: deletionThresholdSchema.optional(),
  inviteRedirectUrl: redirectUrlSchema.optional(),
};

/** A topology file as written. */
export const topologyFileSchema = z.strictObject({
  version: z.literal(1, { error: 'expected version: 1 (the only topology format so far)' }),
  defaults: z.strictObject({ auth: authSchema.optional(), ...syncPolicy }).optional(),
  tenants: z
    .array(
      z.strictObject({
        key: tenantKey,
        tenantId: guid,
        displayName: z.string().min(1).max(256).optional(),
        auth: authSchema.optional(),
      }),
    )
    .min(1, 'expected at least one tenant'),
  syncs: z
    .array(
      z.strictObject({
        id: syncId,
        from: text,
        to: text,
        scope: scopeSchema.optional(),
        mappings: z.array(mappingSchema).optional(),
        ...syncPolicy,
      }),
    )
    .optional(),
});

/** A topology file as written, after schema validation. */
export type TopologyFile = z.infer<typeof topologyFileSchema>;
/** One `auth` block as written. */
export type TopologyFileAuth = z.infer<typeof authSchema>;
/** One mapping override as written. */
export type TopologyFileMapping = z.infer<typeof mappingSchema>;
/** One scoping clause as written. */
export type TopologyFileClause = z.infer<typeof clauseSchema>;
