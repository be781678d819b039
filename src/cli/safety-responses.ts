/**
 * The safety-rail answers of the admin API as the CLI reads them (status, guards, pause / resume, dead-letter
 * replays), as zod schemas. Objects are loose, so a newer server may add fields without breaking an older CLI.
 */
import { z } from 'zod';

const linkCountsSchema = z.looseObject({
  active: z.number(),
  disabled: z.number(),
  deleted: z.number(),
  absent: z.number(),
});

const pauseSchema = z.looseObject({ since: z.string(), by: z.string(), reason: z.string().nullable() });

const quarantineSchema = z.looseObject({
  since: z.string(),
  failures: z.number(),
  attempts: z.number(),
  backoffMs: z.number(),
  retryAt: z.string(),
  failedProbes: z.number(),
});

/** One sync of `GET /api/status`. */
export const syncStatusSchema = z.looseObject({
  syncId: z.string(),
  from: z.string(),
  to: z.string(),
  state: z.enum(['healthy', 'quarantined', 'guarded', 'paused']),
  pause: pauseSchema.nullable(),
  quarantine: quarantineSchema.nullable(),
  guard: z
    .looseObject({ id: z.string(), createdAt: z.string(), limit: z.number(), held: z.number() })
    .nullable(),
  links: linkCountsSchema,
  lastDrain: z.string().nullable(),
  lastReconcile: z.looseObject({ jobId: z.string(), status: z.string(), at: z.string() }).nullable(),
  subscription: z.looseObject({ id: z.string(), expiresAt: z.string() }).nullable(),
  backlog: z.number().nullable(),
  deadLetters: z.looseObject({ parked: z.number(), broker: z.number() }),
  errorsLastHour: z.number(),
});

/** One sync as the CLI shows it. */
export type SyncStatusView = z.infer<typeof syncStatusSchema>;

/** `GET /api/status`. */
export const statusReportSchema = z.looseObject({
  generatedAt: z.string(),
  topologyVersion: z.number().nullable(),
  syncs: z.array(syncStatusSchema),
  sourceChanges: z.looseObject({
    deadLetters: z.looseObject({ parked: z.number(), broker: z.number() }),
  }),
});

/** The parsed answer of `GET /api/status`. */
export type StatusReportView = z.infer<typeof statusReportSchema>;

/** A deletion guard with the removals it holds. */
export const guardSchema = z.looseObject({
  id: z.string(),
  syncId: z.string(),
  state: z.enum(['pending', 'approved', 'rejected']),
  trigger: z.string(),
  limit: z.number(),
  linkedUsers: z.number(),
  requested: z.number(),
  createdAt: z.string(),
  decidedAt: z.string().nullable(),
  decidedBy: z.string().nullable(),
  held: z.number(),
});

/** One guard as the CLI shows it. */
export type GuardViewResponse = z.infer<typeof guardSchema>;

/** `GET /api/guards`. */
export const guardListSchema = z.looseObject({ guards: z.array(guardSchema) });

/** `POST /api/guards/{id}/approve|reject`. */
export const guardDecisionSchema = z.looseObject({
  guard: guardSchema,
  released: z.number(),
  discarded: z.number(),
});

/** `POST /api/syncs/{id}/pause`. */
export const pauseResultSchema = z.looseObject({
  syncId: z.string(),
  pause: pauseSchema,
  already: z.boolean(),
});

/** `POST /api/syncs/{id}/resume`. */
export const resumeResultSchema = z.looseObject({
  syncId: z.string(),
  wasPaused: z.boolean(),
  wasQuarantined: z.boolean(),
  fullRound: z.string().nullable(),
});

/** `POST /api/dead-letters/replay`. */
export const replayResultSchema = z.looseObject({
  parked: z.looseObject({ replayed: z.number(), unreadable: z.number() }),
  broker: z.number(),
});
