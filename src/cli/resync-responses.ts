/**
 * The answers of `POST /api/resync` and `GET /api/jobs/{id}` as the CLI reads them (src/app/on-demand-
 * report.ts and JobRecord in src/app/control-ports.ts). Objects are loose, and only what the CLI shows is
 * required, so a newer server may add fields without breaking an older CLI.
 */
import { z } from 'zod';
import type { JobStatus } from '../app/control-ports.js';
import type { StepStatus } from '../app/on-demand-report.js';

const statuses = ['success', 'skipped', 'failure'] as const satisfies readonly StepStatus[];
const status = z.enum(statuses);
const stepError = z.looseObject({ code: z.string(), message: z.string() }).nullish();
const step = z.looseObject({ status, summary: z.string(), error: stepError });

/** One user's report of provision on demand. */
export const onDemandReportSchema = z.looseObject({
  syncId: z.string(),
  sourceUserId: z.string(),
  outcome: status,
  steps: z.looseObject({
    sourceRead: step.extend({
      found: z.boolean(),
      attributes: z.record(z.string(), z.unknown()).nullable(),
    }),
    scope: step.extend({ decidedBy: z.string().nullish() }).nullable(),
    match: step.extend({ by: z.string(), targetUserId: z.string().nullable() }).nullable(),
    action: step
      .extend({ action: z.string(), changedAttributes: z.array(z.string()), graphWrites: z.number() })
      .nullable(),
    graphResult: step.extend({ targetUserId: z.string().nullable(), graphWrites: z.number() }).nullable(),
  }),
  warnings: z.array(z.string()).default([]),
});

/** One user's report, as parsed. */
export type OnDemandReportResponse = z.infer<typeof onDemandReportSchema>;

/** `POST /api/resync` with users: the reports, in the order asked. */
export const onDemandResponseSchema = z.looseObject({
  syncId: z.string(),
  reports: z.array(onDemandReportSchema),
});

/** `POST /api/resync` without users: 202 with the job that runs the full resync. */
export const resyncStartedSchema = z.looseObject({ jobId: z.string().min(1) });

const jobStatuses = ['queued', 'running', 'succeeded', 'failed'] as const satisfies readonly JobStatus[];

/** `GET /api/jobs/{id}`: an admin job with its progress and, once it ended, its result or error. */
export const jobSchema = z.looseObject({
  id: z.string(),
  kind: z.string(),
  status: z.enum(jobStatuses),
  scope: z.looseObject({ syncId: z.string().optional(), sourceTenantId: z.string().optional() }),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  progress: z.looseObject({ phase: z.string(), done: z.number(), total: z.number().nullable() }),
  result: z.record(z.string(), z.unknown()).nullable(),
  error: z.looseObject({ code: z.string(), message: z.string() }).nullable(),
});

/** A job, as parsed. */
export type JobResponse = z.infer<typeof jobSchema>;
