/**
 * Parses OData system query options from a Graph call into the engine's query types. Graph v1.0 accepts the
 * options with or without the `$` prefix; values arrive percent-decoded.
 */
import type { DeltaRequest, ListUsersQuery } from '../directory/contract.js';
import type { GraphCall } from './graph-exchange.js';
import { graphError } from './graph-exchange.js';

/** The value of `$name` (or `name`) in the query string, case-insensitive on the name. */
export function queryOption(query: URLSearchParams, name: string): string | undefined {
  const wanted = [`$${name}`.toLowerCase(), name.toLowerCase()];
  for (const [key, value] of query) {
    if (wanted.includes(key.toLowerCase())) return value;
  }
  return undefined;
}

/** `$select` as a list of property names, or undefined when absent. */
export function parseSelect(query: URLSearchParams): string[] | undefined {
  const select = queryOption(query, 'select');
  if (select === undefined) return undefined;
  return select
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
}

/** True when the request carries `ConsistencyLevel: eventual` (advanced queries). */
export function isConsistencyLevelEventual(call: GraphCall): boolean {
  return call.headers.consistencylevel?.trim().toLowerCase() === 'eventual';
}

/**
 * Reads the list options of `GET /users` and `GET /directory/deletedItems/microsoft.graph.user`.
 *
 * @throws GraphHttpError 400 for a `$top` outside 1–999 or a `$count` that is not true/false.
 */
export function parseListUsersQuery(call: GraphCall): ListUsersQuery {
  const { query } = call;
  const top = queryOption(query, 'top');
  const count = queryOption(query, 'count');
  const parsed: {
    -readonly [K in keyof ListUsersQuery]: ListUsersQuery[K];
  } = { consistencyLevelEventual: isConsistencyLevelEventual(call) };
  const select = parseSelect(query);
  if (select !== undefined) parsed.select = select;
  const filter = queryOption(query, 'filter');
  if (filter !== undefined) parsed.filter = filter;
  if (top !== undefined) parsed.top = parseTop(top);
  const skipToken = queryOption(query, 'skiptoken');
  if (skipToken !== undefined) parsed.skipToken = skipToken;
  if (count !== undefined) parsed.count = parseBoolean(count, '$count');
  const orderBy = queryOption(query, 'orderby');
  if (orderBy !== undefined) parsed.orderBy = orderBy;
  const search = queryOption(query, 'search');
  if (search !== undefined) parsed.search = search;
  return parsed;
}

/** Reads a `/users/delta` request: a fresh round, or the token of a previous next/delta link. */
export function parseDeltaRequest(call: GraphCall): DeltaRequest {
  const preferMinimal = (call.headers.prefer ?? '')
    .split(',')
    .some((preference) => preference.trim().toLowerCase() === 'return=minimal');
  const skipToken = queryOption(call.query, 'skiptoken');
  if (skipToken !== undefined) return { kind: 'skipToken', token: skipToken, preferMinimal };
  const deltaToken = queryOption(call.query, 'deltatoken');
  if (deltaToken !== undefined && deltaToken.toLowerCase() !== 'latest') {
    return { kind: 'deltaToken', token: deltaToken, preferMinimal };
  }
  const unsupportedOptions = ['top', 'orderby', 'expand', 'search'].filter(
    (name) => queryOption(call.query, name) !== undefined,
  );
  const select = parseSelect(call.query);
  const filter = queryOption(call.query, 'filter');
  return {
    kind: 'initial',
    latest: deltaToken !== undefined,
    unsupportedOptions: unsupportedOptions.map((name) => `$${name}`),
    ...(select === undefined ? {} : { select }),
    ...(filter === undefined ? {} : { filter }),
  };
}

function parseTop(value: string): number {
  const top = Number(value);
  if (!Number.isInteger(top) || top < 1 || top > 999) {
    throw graphError(
      400,
      'Request_BadRequest',
      `Invalid page size specified: '${value}'. Must be between 1 and 999 inclusive.`,
    );
  }
  return top;
}

function parseBoolean(value: string, name: string): boolean {
  const lower = value.toLowerCase();
  if (lower === 'true') return true;
  if (lower === 'false') return false;
  throw graphError(400, 'BadRequest', `The query parameter '${name}' must be 'true' or 'false'.`);
}
