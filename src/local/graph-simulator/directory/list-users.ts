/**
 * Runs a list query over active users or deleted items and pages it. Unordered pages continue from a
 * position in the append-only record list, so an unfiltered page costs O(page size) and pages never
 * repeat or skip a user while others are added; `$orderby` pages sort the matches and continue from an
 * offset. Skip tokens carry the whole query, bound to their tenant and collection.
 */
import { z } from 'zod';
import type { ListUsersQuery, ListUsersResult } from './contract.js';
import { requestBadRequest } from './directory-errors.js';
import { findFilterCandidates } from './filter-candidates.js';
import { compileListQuery, type CompiledListQuery, type UserCollection } from './list-query.js';
import { decodeToken, encodeToken } from './opaque-token.js';
import { projectUser } from './projection.js';
import type { UserRecord } from './user-record.js';
import type { UserStore } from './user-store.js';
import type { UserSchema } from './user-properties.js';

const skipTokenSchema = z.object({
  v: z.literal(1),
  t: z.string(),
  k: z.enum(['users', 'deleted']),
  p: z.number().int().min(0),
  q: z.object({
    select: z.array(z.string()).optional(),
    filter: z.string().optional(),
    top: z.number().optional(),
    count: z.boolean().optional(),
    orderBy: z.string().optional(),
    search: z.string().optional(),
    consistencyLevelEventual: z.boolean(),
  }),
});
type StoredQuery = z.infer<typeof skipTokenSchema>['q'];

/** Where a list query runs. */
export interface ListContext {
  readonly tenantId: string;
  readonly schema: UserSchema;
  readonly store: UserStore;
  readonly collection: UserCollection;
}

function storedQuery(query: ListUsersQuery): StoredQuery {
  const { skipToken: _skipToken, ...rest } = query;
  return JSON.parse(JSON.stringify(rest)) as StoredQuery;
}

function resolveQuery(
  query: ListUsersQuery,
  context: ListContext,
): { stored: StoredQuery; position: number } {
  if (query.skipToken === undefined) return { stored: storedQuery(query), position: 0 };
  const state = decodeToken(query.skipToken, skipTokenSchema);
  if (state?.t !== context.tenantId || state.k !== context.collection)
    throw requestBadRequest('The $skiptoken value is not valid for this request.');
  return { stored: state.q, position: state.p };
}

function candidatesFrom(
  compiled: CompiledListQuery,
  context: ListContext,
  position: number,
): Iterable<UserRecord> {
  const list = context.collection === 'users' ? context.store.active : context.store.deleted;
  const candidates =
    compiled.filter !== undefined && context.collection === 'users'
      ? findFilterCandidates(compiled.filter, context.store, context.schema)
      : undefined;
  if (candidates === undefined) return list.from(position);
  return candidates.filter((r) => r.slot >= position).sort((a, b) => a.slot - b.slot);
}

function sortKey(record: UserRecord, property: string): string {
  const value = record.values[property];
  return typeof value === 'string' ? value.toLowerCase() : '';
}

/**
 * Lists one page of users (or deleted items). A skip token carries the query it was issued for; the
 * options sent along with it are ignored, as Graph's next links already contain them.
 * @throws GraphHttpError 400 for invalid options, missing advanced-query parameters or a bad skip token.
 */
export function listUserPage(query: ListUsersQuery, context: ListContext): ListUsersResult {
  const { stored, position } = resolveQuery(query, context);
  const compiled = compileListQuery(stored, context.schema, context.collection);
  const matches = (record: UserRecord): boolean => compiled.predicate?.(record.values) ?? true;
  const page: UserRecord[] = [];
  let next: number | undefined;
  if (compiled.orderBy === undefined) {
    for (const record of candidatesFrom(compiled, context, position)) {
      if (!matches(record)) continue;
      if (page.length === compiled.top) {
        next = record.slot;
        break;
      }
      page.push(record);
    }
  } else {
    const { property, descending } = compiled.orderBy;
    const sorted = [...candidatesFrom(compiled, context, 0)]
      .filter(matches)
      .sort((a, b) => sortKey(a, property).localeCompare(sortKey(b, property)) || a.slot - b.slot);
    if (descending) sorted.reverse();
    page.push(...sorted.slice(position, position + compiled.top));
    if (position + compiled.top < sorted.length) next = position + compiled.top;
  }
  let count: number | undefined;
  if (compiled.count) {
    count = 0;
    for (const record of candidatesFrom(compiled, context, 0)) if (matches(record)) count += 1;
  }
  return {
    value: page.map((record) => projectUser(record.values, compiled.projection, 'resource')),
    ...(next === undefined
      ? {}
      : {
          nextSkipToken: encodeToken({
            v: 1,
            t: context.tenantId,
            k: context.collection,
            p: next,
            q: stored,
          }),
        }),
    ...(count === undefined ? {} : { count }),
  };
}
