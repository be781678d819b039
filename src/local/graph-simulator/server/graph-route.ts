/**
 * What a Graph route is: a path pattern and, per HTTP method, the permission it needs, how it is charged
 * by throttling and which write it counts as, plus the handler that produces the reply.
 */
import type { TenantDirectory } from '../directory/contract.js';
import type { GraphCall, GraphReply } from './graph-exchange.js';

/** HTTP methods the Graph routes answer. */
export type GraphMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';

/** The authenticated application behind a call, from its access token. */
export interface GraphCaller {
  readonly tenantId: string;
  readonly appId: string;
  /** Object id of the app's service principal in the tenant (the token's `oid`). */
  readonly servicePrincipalId: string;
  readonly roles: ReadonlySet<string>;
}

/** How a call is charged against the throttling budgets (see throttling/request-cost.ts). */
export type CostClass =
  | 'userRead'
  | 'identityRead'
  | 'identityWrite'
  | 'invitation'
  | 'subscriptionRead'
  | 'subscriptionWrite'
  | 'free';

/** Write operations the stats count separately (a create in a target costs an invitation and an update). */
export type WriteOperation = 'userCreate' | 'userUpdate' | 'userDelete' | 'invitation' | 'restore' | 'purge';

/** Everything a handler may use. */
export interface RouteContext {
  readonly call: GraphCall;
  readonly caller: GraphCaller;
  /** The directory of the caller's tenant (the token's `tid`). */
  readonly directory: TenantDirectory;
  /** Values of the pattern's `:name` segments, decoded. */
  readonly params: Readonly<Record<string, string>>;
  /** Public base URL (`https://localhost:<port>`) for absolute links. */
  readonly baseUrl: string;
  /** Runs another call through the whole pipeline as the same caller (used by `$batch`). */
  readonly dispatch: (call: GraphCall) => Promise<GraphReply>;
}

/** One method of a route. */
export interface RouteOperation {
  /** True when the caller's app roles allow this call. */
  readonly permission: (roles: ReadonlySet<string>, call: GraphCall) => boolean;
  readonly cost: CostClass;
  /** Set for writes, so stats can count them by operation. */
  readonly write?: WriteOperation;
  /** Produces the reply; throws GraphHttpError for Graph errors. */
  readonly handle: (context: RouteContext) => GraphReply | Promise<GraphReply>;
}

/** A path pattern (literal segments, or `:name` for a parameter) and its operations. */
export interface GraphRoute {
  readonly pattern: readonly string[];
  readonly operations: Partial<Record<GraphMethod, RouteOperation>>;
}
