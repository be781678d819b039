/**
 * `POST /api/topology` (body: the topology YAML) applies a topology; with `?dryRun=true` it only shows, per
 * sync, whom applying it would create, update and remove, and writes nothing. `GET /api/topology` returns
 * the active one. Admin key required. An invalid file is a 400 listing every problem with its line.
 */
import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import type { AppServicesProvider } from '../app/app-services.js';
import { isSyncError } from '../core/sync-errors.js';
import { maxTopologyFileLength } from '../core/topology/parse-topology.js';
import { TopologyError } from '../core/topology/topology-error.js';
import type { HttpFunctionDefinition } from './function-definition.js';
import { errorResponse, readBoundedText } from './http-responses.js';
import { loggerFor } from './invocation-logger.js';

export function topologyFunction(services: AppServicesProvider): HttpFunctionDefinition {
  return {
    kind: 'http',
    name: 'topology',
    route: 'topology',
    methods: ['GET', 'POST'],
    authLevel: 'function',
    handler: async (request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> => {
      const app = await services();
      if (request.method === 'GET') {
        const active = await app.activeTopology();
        return active
          ? { status: 200, jsonBody: active }
          : errorResponse(404, 'NOT_FOUND', 'No topology has been applied yet.');
      }
      const body = await readBoundedText(request, maxTopologyFileLength);
      if (!body.ok) return body.response;
      if (body.text.trim() === '')
        return errorResponse(400, 'BAD_REQUEST', 'The body must be a topology file (YAML).');
      const dryRun = request.query.get('dryRun');
      if (dryRun !== null && dryRun !== 'true' && dryRun !== 'false') {
        return errorResponse(400, 'BAD_REQUEST', `Invalid query parameter 'dryRun': expected true or false.`);
      }
      try {
        if (dryRun === 'true') {
          return { status: 200, jsonBody: await app.planTopology(body.text, loggerFor(context)) };
        }
        const result = await app.applyTopology(
          body.text,
          `admin-api:${context.invocationId}`,
          loggerFor(context),
        );
        return { status: 200, jsonBody: result };
      } catch (error) {
        if (error instanceof TopologyError) {
          return errorResponse(400, error.code, error.message, { issues: error.issues });
        }
        if (dryRun === 'true' && isSyncError(error)) {
          // Graph or the state could not be read: say what, not how (no stack trace).
          return errorResponse(
            503,
            error.code,
            `The dry run could not read the current state: ${error.message}`,
          );
        }
        throw error;
      }
    },
  };
}
