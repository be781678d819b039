/**
 * `POST /api/dead-letters/replay` (function key) with `{ "syncId" }` or `{ "queue": "source-changes" }`:
 * after a fix, resubmits the messages xtsync gave up on — those it parked (republished with a fresh attempt
 * count) and those in the broker's dead-letter queue — and answers the counts. Unknown sync → 404.
 * `POST /api/dead-letters/discard` with the same body deletes the letters xtsync parked instead, for any
 * sync id (also one removed from the topology, whose letters can never be replayed) and answers the count.
 */
import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { z } from 'zod';
import type { AppServicesProvider } from '../app/app-services.js';
import { answerOrUnavailable, readOptionalJsonBody } from './admin-request.js';
import type { HttpFunctionDefinition } from './function-definition.js';
import { errorResponse } from './http-responses.js';
import { loggerFor } from './invocation-logger.js';

/** The body of a replay or a discard: exactly one of `syncId` and `queue`. */
export const replayBodySchema = z
  .strictObject({
    syncId: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'expected a sync id ([a-z0-9-], at most 40)')
      .optional(),
    queue: z.literal('source-changes', "expected 'source-changes'").optional(),
  })
  .superRefine((body, context) => {
    if ((body.syncId === undefined) === (body.queue === undefined)) {
      context.addIssue({
        code: 'custom',
        path: ['syncId'],
        message: "give either syncId (one sync's target changes) or queue: 'source-changes'",
      });
    }
  });

/** The replay function; register it with the others in the function table. */
export function deadLetterReplayFunction(services: AppServicesProvider): HttpFunctionDefinition {
  return {
    kind: 'http',
    name: 'dead-letters-replay',
    route: 'dead-letters/replay',
    methods: ['POST'],
    authLevel: 'function',
    handler: async (request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> => {
      const body = await readOptionalJsonBody(request, replayBodySchema);
      if (!body.ok) return body.response;
      const { syncId } = body.value;
      const app = await services();
      const logger = loggerFor(context);
      return answerOrUnavailable(logger, async () => {
        const result = await app.replayDeadLetters(
          syncId === undefined ? { queue: 'source-changes' } : { syncId },
          logger,
        );
        if (result.kind === 'unknown-sync') {
          return errorResponse(404, 'NOT_FOUND', `No sync '${syncId ?? ''}' in the active topology.`);
        }
        return {
          status: 200,
          jsonBody: { ...(syncId === undefined ? { queue: 'source-changes' } : { syncId }), ...result },
        };
      });
    },
  };
}

/** The discard function; register it with the others in the function table. */
export function deadLetterDiscardFunction(services: AppServicesProvider): HttpFunctionDefinition {
  return {
    kind: 'http',
    name: 'dead-letters-discard',
    route: 'dead-letters/discard',
    methods: ['POST'],
    authLevel: 'function',
    handler: async (request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> => {
      const body = await readOptionalJsonBody(request, replayBodySchema);
      if (!body.ok) return body.response;
      const { syncId } = body.value;
      const app = await services();
      const logger = loggerFor(context);
      return answerOrUnavailable(logger, async () => {
        const target = syncId === undefined ? { queue: 'source-changes' as const } : { syncId };
        const result = await app.discardDeadLetters(target, logger);
        return { status: 200, jsonBody: { ...target, ...result } };
      });
    },
  };
}
