/**
 * The admin API's answers the CLI reads, as zod schemas: a reply that does not match is reported as a
 * version mismatch instead of being printed half-understood. Objects are loose so a newer server may add
 * fields without breaking an older CLI.
 */
import { z } from 'zod';
import type { ProvisioningLogEntry, SyncAction } from '../app/ports.js';

/** The topology's shape as the server names it: a `TopologyShape` object or its description. */
const shapeSchema = z.union([
  z.string(),
  z.looseObject({ description: z.string() }).transform((shape) => shape.description),
]);

const syncEdgeSchema = z.looseObject({ id: z.string(), from: z.string(), to: z.string() });

/** `POST /api/topology`: the version stored, the syncs it defines and what happened to each subscription. */
export const applyResultSchema = z.looseObject({
  version: z.number().int().positive(),
  shape: shapeSchema,
  syncs: z.array(syncEdgeSchema),
  subscriptions: z.array(z.looseObject({ tenantId: z.string(), action: z.string() })),
});

/** The parsed answer of `POST /api/topology`. */
export type ApplyResult = z.infer<typeof applyResultSchema>;

const planUserSchema = z.looseObject({
  sourceUserId: z.string(),
  displayName: z.string().nullish(),
  userPrincipalName: z.string().nullish(),
  targetUserId: z.string().nullish(),
  changedAttributes: z.array(z.string()).optional(),
  reason: z.string().nullish(),
});

/** One user a plan would touch. */
export type PlanUser = z.infer<typeof planUserSchema>;

/** A plan bucket: the users concerned, or only their number when the server summarises. */
const planBucketSchema = z.union([z.number().int().nonnegative(), z.array(planUserSchema)]);

/** The parsed form of {@link planBucketSchema}. */
export type PlanBucket = z.infer<typeof planBucketSchema>;

/** `POST /api/topology?dryRun=true`: per sync, what applying the file would create, update and remove. */
export const planResultSchema = z.looseObject({
  version: z.null(),
  shape: shapeSchema,
  syncs: z.array(
    syncEdgeSchema.extend({
      create: planBucketSchema,
      update: planBucketSchema,
      remove: planBucketSchema,
      unchanged: planBucketSchema,
    }),
  ),
});

/** The parsed answer of a dry run. */
export type PlanResult = z.infer<typeof planResultSchema>;

/** One sync of a dry run. */
export type PlanSync = PlanResult['syncs'][number];

const syncActions = [
  'create',
  'adopt',
  'update',
  'disable',
  'restore',
  'delete',
  'none',
] as const satisfies readonly SyncAction[];

/** One provisioning log entry, as `ProvisioningLogEntry` in src/app/ports.ts. */
export const provisioningLogEntrySchema = z.looseObject({
  id: z.string(),
  at: z.iso.datetime({ offset: true }),
  syncId: z.string(),
  sourceTenantId: z.string(),
  targetTenantId: z.string(),
  sourceUserId: z.string(),
  targetUserId: z.string().nullable(),
  action: z.enum(syncActions),
  outcome: z.enum(['success', 'failure', 'skipped']),
  reason: z.string(),
  changedAttributes: z.array(z.string()),
  graphWrites: z.number(),
  durationMs: z.number(),
  correlationId: z.string(),
  errorCode: z.string().nullable(),
  errorMessage: z.string().nullable(),
}) satisfies z.ZodType<ProvisioningLogEntry>;

/** `GET /api/provisioning-logs`: matching entries, newest first. */
export const provisioningLogPageSchema = z.looseObject({ entries: z.array(provisioningLogEntrySchema) });
