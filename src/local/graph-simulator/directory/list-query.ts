/**
 * Validates the query options of `GET /users` and `GET /directory/deletedItems/microsoft.graph.user` the
 * way Graph does and compiles them: `$top` range, `$select`, `$filter`, `$orderby`, `$search`, and the
 * advanced-query rule (`ConsistencyLevel: eventual` + `$count=true`, or just the header for `$search`).
 */
import type { ListUsersQuery } from './contract.js';
import {
  advancedOperatorRequired,
  requestBadRequest,
  unsupportedFilterProperty,
  unsupportedQuery,
} from './directory-errors.js';
import { analyzeFilter, type AdvancedReason } from './odata-filter-analysis.js';
import type { FilterExpression } from './odata-filter-ast.js';
import { compileFilter, type UserPredicate } from './odata-filter-evaluator.js';
import { parseFilter } from './odata-filter-parser.js';
import { compileProjection, type Projection } from './projection.js';
import { compileSearch } from './search-expression.js';
import { defaultUserPropertyNames, type UserSchema } from './user-properties.js';

/** Which collection a list query reads. */
export type UserCollection = 'users' | 'deleted';

/** A validated, compiled list query. */
export interface CompiledListQuery {
  readonly top: number;
  readonly projection: Projection;
  readonly filter?: FilterExpression;
  /** Filter and search together; undefined when every user matches. */
  readonly predicate?: UserPredicate;
  readonly orderBy?: { readonly property: string; readonly descending: boolean };
  /** `@odata.count` is to be returned. */
  readonly count: boolean;
}

const sortable: Record<UserCollection, readonly string[]> = {
  users: ['displayName', 'userPrincipalName'],
  deleted: ['displayName', 'userPrincipalName', 'deletedDateTime'],
};

/** The default property set of each collection (deleted items also show when they were deleted). */
export const defaultProjections: Record<UserCollection, readonly string[]> = {
  users: defaultUserPropertyNames,
  deleted: [...defaultUserPropertyNames, 'deletedDateTime'],
};

function compileOrderBy(
  orderBy: string,
  schema: UserSchema,
  collection: UserCollection,
): { property: string; descending: boolean } {
  const match = /^\s*([A-Za-z]+)(?:\s+(asc|desc))?\s*$/i.exec(orderBy);
  const property = match?.[1] === undefined ? undefined : schema.resolve(match[1])?.name;
  if (match === null || property === undefined || !sortable[collection].includes(property))
    throw unsupportedQuery(`Unsupported sort property '${orderBy.trim()}' for resource 'User'.`);
  return { property, descending: match[2]?.toLowerCase() === 'desc' };
}

function rejectAdvanced(reason: AdvancedReason): never {
  if (reason.kind === 'operator') throw advancedOperatorRequired(reason.name);
  throw unsupportedFilterProperty(reason.name);
}

function validateTop(top: number | undefined): number {
  if (top === undefined) return 100;
  if (!Number.isInteger(top) || top < 1 || top > 999)
    throw requestBadRequest(`Invalid page size specified: '${top}'. Must be between 1 and 999 inclusive.`);
  return top;
}

/**
 * Validates and compiles a list query.
 * @throws GraphHttpError 400 with Graph's code for each invalid option or missing advanced parameter.
 */
export function compileListQuery(
  query: Omit<ListUsersQuery, 'skipToken'>,
  schema: UserSchema,
  collection: UserCollection,
): CompiledListQuery {
  const top = validateTop(query.top);
  const projection = compileProjection(query.select, schema, defaultProjections[collection]);
  const reasons: AdvancedReason[] = [];
  const filter = query.filter?.trim() ? parseFilter(query.filter) : undefined;
  if (filter !== undefined) reasons.push(...analyzeFilter(filter, schema));
  const orderBy = query.orderBy?.trim() ? compileOrderBy(query.orderBy, schema, collection) : undefined;
  if (orderBy?.property === 'deletedDateTime') reasons.push({ kind: 'operator', name: 'orderby' });
  const search = query.search?.trim() ? compileSearch(query.search, schema) : undefined;
  if (search !== undefined && !query.consistencyLevelEventual)
    throw unsupportedQuery(
      "Request with $search query parameter only works through MSGraph with a special request header: 'ConsistencyLevel: eventual'",
    );
  const advanced = query.consistencyLevelEventual && query.count === true;
  if (!advanced) {
    if (filter !== undefined && orderBy !== undefined)
      throw unsupportedQuery('Sorting not supported for current query.');
    const [first] = reasons;
    if (first !== undefined) rejectAdvanced(first);
  }
  const filterPredicate = filter === undefined ? undefined : compileFilter(filter, schema);
  const predicate =
    filterPredicate !== undefined && search !== undefined
      ? (values: Parameters<UserPredicate>[0]) => filterPredicate(values) && search(values)
      : (filterPredicate ?? search);
  return {
    top,
    projection,
    ...(filter === undefined ? {} : { filter }),
    ...(predicate === undefined ? {} : { predicate }),
    ...(orderBy === undefined ? {} : { orderBy }),
    count: advanced,
  };
}
