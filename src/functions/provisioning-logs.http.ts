/**
 * `GET /api/provisioning-logs?syncId=&sourceUserId=&since=&until=&limit=`: provisioning-log entries, newest
 * first, like the CTS provisioning logs. Admin key required.
 */
import type { HttpRequest } from '@azure/functions';
import { z } from 'zod';
import type { AppServicesProvider } from '../app/app-services.js';
import type { HttpFunctionDefinition } from './function-definition.js';
import { errorResponse } from './http-responses.js';

const querySchema = z.strictObject({
  syncId: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'expected a sync id')
    .optional(),
  sourceUserId: z.string().min(1).max(64).optional(),
  since: z.iso.datetime({ offset: true }).optional(),
  until: z.iso.datetime({ offset: true }).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});

/** Entries from the last day unless `since` says otherwise. */
const defaultWindowMs = 24 * 60 * 60 * 1000;
/** The log is partitioned by day: one query reads at most this many days (older entries: narrow `until`). */
const maxWindowMs = 31 * defaultWindowMs;

export function provisioningLogsFunction(services: AppServicesProvider): HttpFunctionDefinition {
  return {
    kind: 'http',
    name: 'provisioning-logs',
    route: 'provisioning-logs',
    methods: ['GET'],
    authLevel: 'function',
    handler: async (request: HttpRequest) => {
      const raw = Object.fromEntries([...request.query.entries()].filter(([key]) => key !== 'code'));
      const parsed = querySchema.safeParse(raw);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        return errorResponse(
          400,
          'BAD_REQUEST',
          `Invalid query parameter '${issue?.path.join('.') ?? ''}': ${issue?.message ?? ''}.`,
        );
      }
      const { syncId, sourceUserId, since, until, limit } = parsed.data;
      const end = until ? Date.parse(until) : Date.now();
      const start = since ? Date.parse(since) : end - defaultWindowMs;
      if (start > end)
        return errorResponse(400, 'BAD_REQUEST', "Invalid query parameter 'since': it is after 'until'.");
      if (end - start > maxWindowMs) {
        return errorResponse(
          400,
          'BAD_REQUEST',
          "Invalid query parameter 'since': the window may span at most 31 days.",
        );
      }
      const entries = await (
        await services()
      ).queryProvisioningLog({
        ...(syncId ? { syncId } : {}),
        ...(sourceUserId ? { sourceUserId } : {}),
        since: new Date(start),
        ...(until ? { until: new Date(end) } : {}),
        limit,
      });
      return { status: 200, jsonBody: { entries } };
    },
  };
}
