/**
 * Deletion guards (function key). `GET /api/guards[?syncId=&state=]` lists them, newest first, with the
 * removals each holds. `POST /api/guards/{id}/approve` republishes the held removals so they apply;
 * `POST /api/guards/{id}/reject` discards them (the target users stay). Unknown guard → 404; deciding a
 * guard the other way than it was decided → 409.
 */
import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { z } from 'zod';
import type { AppServicesProvider } from '../app/app-services.js';
import {
  answerOrUnavailable,
  badRouteParameter,
  operatorOf,
  parseQuery,
  readOptionalJsonBody,
} from './admin-request.js';
import type { HttpFunctionDefinition } from './function-definition.js';
import { errorResponse } from './http-responses.js';
import { loggerFor } from './invocation-logger.js';

const listQuerySchema = z.strictObject({
  syncId: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'expected a sync id')
    .optional(),
  state: z.enum(['pending', 'approved', 'rejected']).optional(),
});

const guardIdSchema = z.uuid();

/** `GET /api/guards`; register it with the others in the function table. */
export function guardsFunction(services: AppServicesProvider): HttpFunctionDefinition {
  return {
    kind: 'http',
    name: 'guards',
    route: 'guards',
    methods: ['GET'],
    authLevel: 'function',
    handler: async (request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> => {
      const query = parseQuery(request, listQuerySchema);
      if (!query.ok) return query.response;
      const { syncId, state } = query.value;
      const app = await services();
      return answerOrUnavailable(loggerFor(context), async () => ({
        status: 200,
        jsonBody: {
          guards: await app.listGuards({ ...(syncId ? { syncId } : {}), ...(state ? { state } : {}) }),
        },
      }));
    },
  };
}

/** `POST /api/guards/{id}/approve|reject`; register it with the others in the function table. */
export function guardDecisionFunction(services: AppServicesProvider): HttpFunctionDefinition {
  return {
    kind: 'http',
    name: 'guard-decision',
    route: 'guards/{id}/{decision}',
    methods: ['POST'],
    authLevel: 'function',
    handler: async (request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> => {
      const { id = '', decision = '' } = request.params;
      if (decision !== 'approve' && decision !== 'reject') {
        return errorResponse(
          404,
          'NOT_FOUND',
          `No decision '${decision}' on a guard: use approve or reject.`,
        );
      }
      if (!guardIdSchema.safeParse(id).success) return badRouteParameter('id', 'expected a guard id (GUID)');
      const body = await readOptionalJsonBody(request, z.strictObject({}));
      if (!body.ok) return body.response;
      const app = await services();
      const logger = loggerFor(context);
      return answerOrUnavailable(logger, async () => {
        const result = await app.decideGuard(id, decision, operatorOf(request), logger);
        switch (result.kind) {
          case 'not-found':
            return errorResponse(404, 'NOT_FOUND', `No deletion guard '${id}'.`);
          case 'conflict':
            return errorResponse(409, 'CONFLICT', result.message, { guard: result.guard });
          case 'decided':
            return { status: 200, jsonBody: result };
        }
      });
    },
  };
}
