/**
 * The path of every Graph call, outer or inside `$batch`: authenticate the bearer token (its `tid` picks the
 * tenant), route, authorise by app role, inject faults, throttle, count, run the handler, and wrap errors in
 * Graph's envelope with `request-id` / `client-request-id`. Nothing a client sends escapes as an exception.
 */
import type { Logger } from '../../../app/ports.js';
import type { SimulatedDirectories, TenantDirectory } from '../directory/contract.js';
import { GraphHttpError } from '../graph-http-error.js';
import type { TokenSigner, TokenRejection } from './authority/token-signer.js';
import type { FaultInjector } from './fault-injector.js';
import type { GraphCall, GraphReply } from './graph-exchange.js';
import { errorReply, finalizeReply, graphError, jsonReply } from './graph-exchange.js';
import type { GraphCaller, GraphRoute } from './graph-route.js';
import { matchRoute } from './graph-router.js';
import { absoluteLocation } from './odata-links.js';
import { toPathSegments } from './path-segments.js';
import type { SimulatorStats } from './simulator-stats.js';
import { costOf } from './throttling/request-cost.js';
import type { Throttler } from './throttling/throttler.js';

/** Collaborators of the pipeline. */
export interface GraphPipelineOptions {
  readonly baseUrl: string;
  readonly routes: readonly GraphRoute[];
  readonly directories: SimulatedDirectories;
  readonly signer: TokenSigner;
  readonly throttler: Throttler;
  readonly faults: FaultInjector;
  readonly stats: SimulatorStats;
  readonly logger: Logger;
}

/** Runs Graph calls to completion; the returned promise never rejects. */
export type GraphPipeline = (call: GraphCall) => Promise<GraphReply>;

const rejectionMessages: Record<TokenRejection | 'empty' | 'tenant', string> = {
  empty: 'Access token is empty.',
  malformed: 'Access token validation failure. Invalid JWT token.',
  expired: 'Lifetime validation failed, the token is expired.',
  audience: 'Access token validation failure. Invalid audience.',
  issuer: 'Access token validation failure. Invalid issuer.',
  tenant: 'Access token validation failure. The token was issued for a tenant this simulator does not host.',
};

/** Creates the pipeline. */
export function createGraphPipeline(options: GraphPipelineOptions): GraphPipeline {
  const { baseUrl, directories, stats } = options;

  const authenticate = async (
    authorization: string | undefined,
  ): Promise<{ caller: GraphCaller; directory: TenantDirectory }> => {
    const token = /^Bearer\s+(\S+)$/i.exec(authorization?.trim() ?? '')?.[1];
    if (token === undefined) throw unauthenticated('empty');
    const verification = await options.signer.verify(token);
    if (!verification.ok) throw unauthenticated(verification.reason);
    const { subject } = verification;
    const directory = directories.tenant(subject.tenantId);
    if (directory === undefined) throw unauthenticated('tenant');
    return { caller: { ...subject, roles: new Set(subject.roles) }, directory };
  };

  const execute = async (call: GraphCall, headers: Record<string, string>): Promise<GraphReply> => {
    const { caller, directory } = await authenticate(call.headers.authorization);
    stats.countRequest(caller.tenantId, call.method);
    const segments = toPathSegments(call.path);
    const match = matchRoute(options.routes, segments, call.method);
    if (match.kind === 'unknownSegment') {
      throw graphError(400, 'BadRequest', `Resource not found for the segment '${match.segment}'.`);
    }
    if (match.kind === 'methodNotAllowed') {
      throw graphError(
        405,
        'Request_BadRequest',
        'Specified HTTP method is not allowed for the request target.',
      );
    }
    const { operation } = match;
    if (!operation.permission(caller.roles, call)) {
      throw graphError(
        403,
        'Authorization_RequestDenied',
        'Insufficient privileges to complete the operation.',
      );
    }
    const fault = options.faults.inject(caller.tenantId, call.method, `/${segments.join('/')}`);
    if (fault !== undefined) {
      stats.countFault(caller.tenantId);
      throw fault;
    }
    const decision = options.throttler.check(
      caller.appId,
      caller.tenantId,
      directory.userCount(),
      costOf(operation.cost, call),
    );
    Object.assign(headers, decision.headers);
    if (!decision.allowed) {
      stats.countThrottled(caller.tenantId);
      throw graphError(429, 'TooManyRequests', 'Please retry again later.');
    }
    if (operation.write !== undefined) stats.countWrite(caller.tenantId, operation.write);
    const dispatch = (inner: GraphCall): Promise<GraphReply> => run(inner);
    return operation.handle({ call, caller, directory, params: match.params, baseUrl, dispatch });
  };

  const run: GraphPipeline = async (call) => {
    const headers: Record<string, string> = {};
    let reply: GraphReply;
    try {
      reply = await execute(call, headers);
    } catch (error) {
      reply = toErrorReply(error, call);
    }
    return finalizeReply(
      { ...reply, headers: { 'x-ms-resource-unit': '1', ...headers, ...reply.headers } },
      call.headers,
    );
  };

  const toErrorReply = (error: unknown, call: GraphCall): GraphReply => {
    if (error instanceof GraphHttpError) {
      const reply = errorReply(error);
      const location = reply.headers.Location ?? reply.headers.location;
      if (location === undefined) return reply;
      const { Location: _upper, location: _lower, ...rest } = reply.headers;
      return { ...reply, headers: { ...rest, Location: absoluteLocation(baseUrl, location) } };
    }
    // Only the method, path and error go to the log: headers and bodies may hold tokens or client states.
    options.logger.error('Graph simulator handler failed', {
      method: call.method,
      path: call.path,
      error: error instanceof Error ? `${error.name}: ${error.message}` : 'non-Error thrown',
    });
    return jsonReply(500, { error: { code: 'generalException', message: 'An unexpected error occurred.' } });
  };

  return run;
}

function unauthenticated(reason: TokenRejection | 'empty' | 'tenant'): GraphHttpError {
  return new GraphHttpError(401, 'InvalidAuthenticationToken', rejectionMessages[reason], {
    'WWW-Authenticate':
      'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"',
  });
}
