/**
 * `POST /api/syncs/{id}/pause` and `POST /api/syncs/{id}/resume` (function key), body optional
 * `{ "reason" }`. Pause: nothing is applied for the sync until it is resumed (the drain keeps reading).
 * Resume: clears a pause and a quarantine and starts a full round of the sync, so nothing is lost. Both are
 * idempotent (200); an unknown sync is 404.
 */
import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { z } from 'zod';
import type { AppServicesProvider } from '../app/app-services.js';
import { answerOrUnavailable, badRouteParameter, operatorOf, readOptionalJsonBody } from './admin-request.js';
import type { HttpFunctionDefinition } from './function-definition.js';
import { errorResponse } from './http-responses.js';
import { loggerFor } from './invocation-logger.js';

const syncIdSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/);

/** The body of a pause or resume. */
export const syncControlBodySchema = z.strictObject({
  reason: z.string().trim().min(1, 'expected some text').max(500, 'at most 500 characters').optional(),
});

/** The pause / resume function; register it with the others in the function table. */
export function syncControlFunction(services: AppServicesProvider): HttpFunctionDefinition {
  return {
    kind: 'http',
    name: 'sync-control',
    route: 'syncs/{id}/{action}',
    methods: ['POST'],
    authLevel: 'function',
    handler: async (request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> => {
      const { id = '', action = '' } = request.params;
      if (action !== 'pause' && action !== 'resume') {
        return errorResponse(404, 'NOT_FOUND', `No action '${action}' on a sync: use pause or resume.`);
      }
      if (!syncIdSchema.safeParse(id).success) {
        return badRouteParameter('id', 'expected a sync id ([a-z0-9-], at most 40)');
      }
      const body = await readOptionalJsonBody(request, syncControlBodySchema);
      if (!body.ok) return body.response;
      const app = await services();
      const logger = loggerFor(context);
      const by = operatorOf(request);
      return answerOrUnavailable(logger, async () => {
        if (action === 'pause') {
          const result = await app.pauseSync(id, { by, reason: body.value.reason ?? null }, logger);
          if (result.kind === 'unknown-sync') return unknownSync(id);
          return { status: 200, jsonBody: { ...result, state: 'paused' } };
        }
        const result = await app.resumeSync(id, by, logger);
        if (result.kind === 'unknown-sync') return unknownSync(id);
        return { status: 200, jsonBody: result };
      });
    },
  };
}

function unknownSync(syncId: string): HttpResponseInit {
  return errorResponse(404, 'NOT_FOUND', `No sync '${syncId}' in the active topology.`);
}
