/**
 * `GET /api/status` (function key): per sync of the active topology, its state (healthy / quarantined /
 * guarded / paused, with details), linked users by state, last drain and reconcile, the source
 * subscription's expiry, backlog, dead letters and errors in the last hour.
 */
import type { HttpResponseInit, InvocationContext } from '@azure/functions';
import type { AppServicesProvider } from '../app/app-services.js';
import { answerOrUnavailable } from './admin-request.js';
import type { HttpFunctionDefinition } from './function-definition.js';
import { loggerFor } from './invocation-logger.js';

/** The status function; register it with the others in the function table. */
export function statusFunction(services: AppServicesProvider): HttpFunctionDefinition {
  return {
    kind: 'http',
    name: 'status',
    route: 'status',
    methods: ['GET'],
    authLevel: 'function',
    handler: async (_request, context: InvocationContext): Promise<HttpResponseInit> => {
      const app = await services();
      return answerOrUnavailable(loggerFor(context), async () => ({
        status: 200,
        jsonBody: await app.syncStatus(),
      }));
    },
  };
}
