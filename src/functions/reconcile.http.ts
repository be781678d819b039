/**
 * `POST /api/reconcile` (function key), body optional `{ "syncId" }`: runs reconciliation now, for one sync
 * or every sync, as a job — 202 `{ "jobId" }`, followed with `GET /api/jobs/{id}`. Unknown sync → 404; no
 * topology applied → 409; a reconcile of the same sync already running → 409 with that job's id, because
 * two runs of one sync must not interleave.
 */
import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { z } from 'zod';
import type { AppServicesProvider } from '../app/app-services.js';
import type { StartReconcileOutcome } from '../app/reconcile-job.js';
import { isSyncError } from '../core/sync-errors.js';
import type { HttpFunctionDefinition } from './function-definition.js';
import { errorResponse, jobAccepted, parseJsonBody, readBoundedText } from './http-responses.js';
import { loggerFor } from './invocation-logger.js';

/** The body of `POST /api/reconcile`; empty means every sync. */
export const reconcileBodySchema = z.strictObject({
  syncId: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'expected a sync id ([a-z0-9-], at most 40)')
    .optional(),
});

const maxBodyBytes = 1024;

/** The reconcile HTTP function; register it with the others in the function table. */
export function reconcileHttpFunction(services: AppServicesProvider): HttpFunctionDefinition {
  return {
    kind: 'http',
    name: 'reconcile-now',
    route: 'reconcile',
    methods: ['POST'],
    authLevel: 'function',
    handler: async (request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> => {
      const text = await readBoundedText(request, maxBodyBytes);
      if (!text.ok) return text.response;
      const parsed =
        text.text.trim() === ''
          ? { ok: true as const, value: {} }
          : parseJsonBody(text.text, reconcileBodySchema);
      if (!parsed.ok) return parsed.response;
      const logger = loggerFor(context);
      try {
        const outcome = await (
          await services()
        ).startReconcile(
          parsed.value.syncId === undefined ? {} : { syncId: parsed.value.syncId },
          `admin-api:${context.invocationId}`,
          logger,
        );
        return toResponse(outcome);
      } catch (error) {
        if (!isSyncError(error)) throw error;
        logger.error('Reconcile could not start', { code: error.code });
        return errorResponse(503, error.code, `The reconcile could not start: ${error.message}`);
      }
    },
  };
}

function toResponse(outcome: StartReconcileOutcome): HttpResponseInit {
  switch (outcome.kind) {
    case 'started':
      return jobAccepted(outcome.job.id);
    case 'busy':
      return errorResponse(
        409,
        'CONFLICT',
        `A reconcile of sync '${outcome.syncId}' is already running (${outcome.runningJobId}); follow it ` +
          `with GET /api/jobs/${outcome.runningJobId}, or try again once it ended.`,
        { jobId: outcome.runningJobId, syncId: outcome.syncId },
      );
    case 'unknown-sync':
      return errorResponse(404, 'NOT_FOUND', `No sync '${outcome.syncId}' in the active topology.`);
    case 'no-topology':
      return errorResponse(
        409,
        'NO_ACTIVE_TOPOLOGY',
        'No topology has been applied yet: apply one with xtsync topology apply FILE.',
      );
  }
}
