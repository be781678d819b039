/**
 * `GET /api/jobs/{id}` (function key): an admin job (full resync, reconcile run) with its progress and,
 * once it ended, its result or error; unknown id → 404. A job whose instance died is reported failed
 * (`JOB.STALE`). `GET /api/jobs?kind=&limit=` lists recent jobs, newest first.
 */
import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { z } from 'zod';
import type { AppServicesProvider } from '../app/app-services.js';
import type { HttpFunctionDefinition } from './function-definition.js';
import { errorResponse } from './http-responses.js';
import { loggerFor } from './invocation-logger.js';

const jobIdSchema = z.string().regex(/^[A-Za-z0-9-]{1,64}$/, 'expected a job id (letters, digits, -)');

const listQuerySchema = z.strictObject({
  kind: z.enum(['resync', 'reconcile']).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

/** The jobs function; register it with the others in the function table. */
export function jobsFunction(services: AppServicesProvider): HttpFunctionDefinition {
  return {
    kind: 'http',
    name: 'jobs',
    route: 'jobs/{id?}',
    methods: ['GET'],
    authLevel: 'function',
    handler: async (request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> => {
      const app = await services();
      const id = request.params.id;
      if (id === undefined || id === '') {
        const query = Object.fromEntries([...request.query.entries()].filter(([key]) => key !== 'code'));
        const parsed = listQuerySchema.safeParse(query);
        if (!parsed.success) {
          const issue = parsed.error.issues[0];
          const where = issue && issue.path.length > 0 ? ` '${issue.path.join('.')}'` : '';
          return errorResponse(
            400,
            'BAD_REQUEST',
            `Invalid query parameter${where}: ${issue?.message ?? ''}.`,
          );
        }
        const { kind, limit } = parsed.data;
        return {
          status: 200,
          jsonBody: {
            jobs: await app.listJobs({ ...(kind ? { kind } : {}), limit }, loggerFor(context)),
          },
        };
      }
      const parsedId = jobIdSchema.safeParse(id);
      if (!parsedId.success) {
        return errorResponse(
          400,
          'BAD_REQUEST',
          `Invalid job id in the path: ${parsedId.error.issues[0]?.message ?? ''}.`,
        );
      }
      const job = await app.readJob(parsedId.data, loggerFor(context));
      return job === null
        ? errorResponse(404, 'NOT_FOUND', `No job '${parsedId.data}'.`)
        : { status: 200, jsonBody: job };
    },
  };
}
