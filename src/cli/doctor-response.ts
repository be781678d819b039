/**
 * The answer of `POST /api/doctor` as the CLI reads it: the report of src/app/doctor-report.ts. Objects are
 * loose so a newer server may add fields without breaking an older CLI.
 */
import { z } from 'zod';
import type { DoctorReport, DoctorStatus } from '../app/doctor-report.js';

const statuses = ['pass', 'fail', 'warn', 'skip'] as const satisfies readonly DoctorStatus[];

/** One check of the report. */
export const doctorCheckSchema = z.looseObject({
  id: z.string(),
  title: z.string(),
  scope: z.looseObject({
    tenant: z.string().optional(),
    tenantId: z.string().optional(),
    syncId: z.string().optional(),
  }),
  status: z.enum(statuses),
  detail: z.string(),
  fix: z.string().optional(),
});

/** `POST /api/doctor`: every check and whether none failed. */
export const doctorReportSchema = z.looseObject({
  checks: z.array(doctorCheckSchema),
  passed: z.boolean(),
}) satisfies z.ZodType<DoctorReport>;

/** The parsed answer of `POST /api/doctor`. */
export type DoctorReportResponse = z.infer<typeof doctorReportSchema>;
