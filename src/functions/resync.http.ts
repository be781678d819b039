/**
 * `POST /api/resync` (function key). With users — `{ "syncId", "sourceUserId" }` or `{ "syncId",
 * "sourceUserIds": [≤ 50] }` — provisions them now and answers 200 with a step-by-step report per user
 * (a user's failure is in its report). Without users — `{ "syncId" }` or `{ "sourceTenantId" }` — starts a
 * full resync and answers 202 `{ "jobId" }`; `GET /api/jobs/{id}` follows it. Unknown sync or tenant → 404;
 * a resync of the same source tenant still running → 409 with its job id.
 */
import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { z } from 'zod';
import type { AppServicesProvider } from '../app/app-services.js';
import { maxOnDemandUsers } from '../app/provision-on-demand.js';
import type { FullResyncOutcome, FullResyncTarget } from '../app/start-full-resync.js';
import { isSyncError } from '../core/sync-errors.js';
import type { HttpFunctionDefinition } from './function-definition.js';
import { errorResponse, jobAccepted, parseJsonBody, readBoundedText } from './http-responses.js';
import { loggerFor } from './invocation-logger.js';

const guid = z
  .string()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'expected an object id (GUID)');

/** What a valid body asks for: users provisioned on demand, or a full resync. */
export type ResyncRequest =
  | { readonly kind: 'on-demand'; readonly syncId: string; readonly sourceUserIds: readonly string[] }
  | { readonly kind: 'full'; readonly target: FullResyncTarget };

/** The body of `POST /api/resync`, checked (every problem names its field) and read as a {@link ResyncRequest}. */
export const resyncBodySchema = z
  .strictObject({
    syncId: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'expected a sync id ([a-z0-9-], at most 40)')
      .optional(),
    sourceTenantId: guid.optional(),
    sourceUserId: guid.optional(),
    sourceUserIds: z
      .array(guid)
      .min(1, 'expected at least one user')
      .max(
        maxOnDemandUsers,
        `at most ${maxOnDemandUsers} users per call; start a full resync ({ "syncId" }) for more`,
      )
      .optional(),
  })
  .superRefine((body, context) => {
    const users = body.sourceUserId !== undefined || body.sourceUserIds !== undefined;
    const problem = (path: string, message: string): void => {
      context.addIssue({ code: 'custom', path: [path], message });
    };
    if (body.sourceUserId !== undefined && body.sourceUserIds !== undefined)
      problem('sourceUserIds', 'give either sourceUserId or sourceUserIds, not both');
    else if (body.syncId !== undefined && body.sourceTenantId !== undefined)
      problem('sourceTenantId', 'give either syncId or sourceTenantId, not both');
    else if (users && body.syncId === undefined)
      problem('syncId', 'required with sourceUserId(s): users are provisioned for one sync');
    else if (body.syncId === undefined && body.sourceTenantId === undefined)
      problem('syncId', 'required (or sourceTenantId, for a full resync of every sync from that tenant)');
  })
  .transform((body): ResyncRequest => {
    const users = body.sourceUserIds ?? (body.sourceUserId === undefined ? undefined : [body.sourceUserId]);
    if (body.syncId === undefined)
      return { kind: 'full', target: { sourceTenantId: body.sourceTenantId ?? '' } };
    return users === undefined
      ? { kind: 'full', target: { syncId: body.syncId } }
      : { kind: 'on-demand', syncId: body.syncId, sourceUserIds: users };
  });

/** Refuses bodies larger than 50 user ids can make. */
const maxBodyBytes = 16 * 1024;

/** The resync function; register it with the others in the function table. */
export function resyncFunction(services: AppServicesProvider): HttpFunctionDefinition {
  return {
    kind: 'http',
    name: 'resync',
    route: 'resync',
    methods: ['POST'],
    authLevel: 'function',
    handler: async (request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> => {
      const text = await readBoundedText(request, maxBodyBytes);
      if (!text.ok) return text.response;
      const parsed = parseJsonBody(text.text, resyncBodySchema);
      if (!parsed.ok) return parsed.response;
      const resync = parsed.value;
      const app = await services();
      const logger = loggerFor(context);
      try {
        if (resync.kind === 'on-demand') {
          const { syncId, sourceUserIds } = resync;
          const outcome = await app.provisionOnDemand({ syncId, sourceUserIds }, logger);
          if (outcome.kind === 'unknown-sync') return unknownSync(syncId, outcome.topologyVersion);
          return { status: 200, jsonBody: { syncId: outcome.syncId, reports: outcome.reports } };
        }
        const requestedBy = `admin-api:${context.invocationId}`;
        return fullResyncResponse(await app.startFullResync(resync.target, requestedBy, logger));
      } catch (error) {
        if (!isSyncError(error)) throw error;
        logger.error('Resync could not run', { code: error.code });
        return errorResponse(503, error.code, `The resync could not run: ${error.message}`);
      }
    },
  };
}

function fullResyncResponse(outcome: FullResyncOutcome): HttpResponseInit {
  switch (outcome.kind) {
    case 'started':
      return jobAccepted(outcome.job.id);
    case 'unknown-sync':
      return unknownSync(outcome.syncId, null);
    case 'unknown-tenant':
      return errorResponse(
        404,
        'NOT_FOUND',
        `No sync of the active topology reads from source tenant ${outcome.sourceTenantId}.`,
      );
    case 'already-running':
      return errorResponse(
        409,
        'CONFLICT',
        `A full resync of the same source tenant is still running (job ${outcome.jobId}); follow it with ` +
          `GET /api/jobs/${outcome.jobId}, or wait for it to end.`,
        { jobId: outcome.jobId },
      );
  }
}

function unknownSync(syncId: string, version: number | null): HttpResponseInit {
  const where = version === null ? 'the active topology' : `the active topology (version ${version})`;
  return errorResponse(404, 'NOT_FOUND', `No sync '${syncId}' in ${where}.`);
}
