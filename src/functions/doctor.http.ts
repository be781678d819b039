/**
 * `POST /api/doctor`: checks what an administrator must set up for the active topology or, when the body is a
 * topology file (YAML), for that file — before applying it. Admin key required. 200 with the report (even
 * when checks fail: the report says which); 400 listing every problem of an invalid file; 409 when there is
 * no body and no topology has been applied.
 */
import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import type { AppServicesProvider } from '../app/app-services.js';
import { isSyncError } from '../core/sync-errors.js';
import { maxTopologyFileLength } from '../core/topology/parse-topology.js';
import { TopologyError } from '../core/topology/topology-error.js';
import type { HttpFunctionDefinition } from './function-definition.js';
import { errorResponse, readBoundedText } from './http-responses.js';
import { loggerFor } from './invocation-logger.js';

/** The doctor's HTTP function; register it with the others in the function table. */
export function doctorFunction(services: AppServicesProvider): HttpFunctionDefinition {
  return {
    kind: 'http',
    name: 'doctor',
    route: 'doctor',
    methods: ['POST'],
    authLevel: 'function',
    handler: async (request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> => {
      const body = await readBoundedText(request, maxTopologyFileLength);
      if (!body.ok) return body.response;
      const source = body.text.trim() === '' ? null : body.text;
      const logger = loggerFor(context);
      try {
        const run = await (await services()).runDoctor(source, logger);
        if (run.kind === 'no-active-topology') {
          return errorResponse(
            409,
            'NO_ACTIVE_TOPOLOGY',
            'No topology has been applied yet: apply one with xtsync topology apply FILE, or send a topology ' +
              'file in the body to check it.',
          );
        }
        return { status: 200, jsonBody: run.report };
      } catch (error) {
        if (error instanceof TopologyError && source !== null) {
          return errorResponse(400, error.code, error.message, { issues: error.issues });
        }
        if (isSyncError(error)) {
          // The active topology or the state could not be read: say what, not how (no stack trace).
          logger.error('The doctor could not run', { code: error.code });
          return errorResponse(503, error.code, `The doctor could not run: ${error.message}`);
        }
        throw error;
      }
    },
  };
}
