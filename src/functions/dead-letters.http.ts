/**
 * `POST /api/dead-letters/replay` (function key) with `{ "syncId" }` or `{ "queue": "source-changes" }`:
 * after a fix, resubmits the messages xtsync gave up on — those it parked (republished with a fresh attempt
 * count) and those in the broker's dead-letter queue — and answers the counts. Unknown sync → 404.
 * `POST /api/dead-letters/discard` with the same body deletes the letters xtsync parked instead, for any
 * sync id (also one removed from the topology, whose letters can never be replayed) and answers the count.
 */
import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { z } from 'zod';
import type { AppServices, AppServicesProvider } from '../app/app-services.js';
import type { Logger } from '../app/ports.js';
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

type DeadLetterTarget = { readonly syncId: string } | { readonly queue: 'source-changes' };

/** One POST endpoint over the dead letters of a sync or of the source queue; `act` does the work. */
function deadLetterFunction(
  services: AppServicesProvider,
  name: string,
  route: string,
  act: (app: AppServices, target: DeadLetterTarget, logger: Logger) => Promise<HttpResponseInit>,
): HttpFunctionDefinition {
  return {
    kind: 'http',
    name,
    route,
    methods: ['POST'],
    authLevel: 'function',
    handler: async (request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> => {
      const body = await readOptionalJsonBody(request, replayBodySchema);
      if (!body.ok) return body.response;
      const { syncId } = body.value;
      const target: DeadLetterTarget = syncId === undefined ? { queue: 'source-changes' } : { syncId };
      const app = await services();
      const logger = loggerFor(context);
      return answerOrUnavailable(logger, () => act(app, target, logger));
    },
  };
}

/** `POST /api/dead-letters/replay`: resubmits the dead letters of a sync (or of the source queue). */
export function deadLetterReplayFunction(services: AppServicesProvider): HttpFunctionDefinition {
  return deadLetterFunction(
    services,
    'dead-letters-replay',
    'dead-letters/replay',
    async (app, target, logger) => {
      const result = await app.replayDeadLetters(target, logger);
      if (result.kind === 'unknown-sync') {
        return errorResponse(
          404,
          'NOT_FOUND',
          `No sync '${'syncId' in target ? target.syncId : ''}' in the active topology.`,
        );
      }
      return { status: 200, jsonBody: { ...target, ...result } };
    },
  );
}

/** `POST /api/dead-letters/discard`: drops the parked dead letters of a sync (also one no longer in the topology). */
export function deadLetterDiscardFunction(services: AppServicesProvider): HttpFunctionDefinition {
  return deadLetterFunction(
    services,
    'dead-letters-discard',
    'dead-letters/discard',
    async (app, target, logger) => {
      const result = await app.discardDeadLetters(target, logger);
      return { status: 200, jsonBody: { ...target, ...result } };
    },
  );
}
