/**
 * `GET /users/delta` for one tenant: validates a fresh request, resolves tokens, and turns pages into
 * skip tokens (more in this round) or a delta token (round complete). Replication lag is honoured through
 * the change log's `visibleAt`; notifications are not delayed by it (see simulated-directories.ts).
 */
import type { DeltaRequest, DeltaResult } from './contract.js';
import type { ChangeLog } from './change-log.js';
import { readChangesPage, readInitialPage, type DeltaScope, type InitialCursor } from './delta-pages.js';
import {
  decodeDeltaToken,
  encodeDeltaToken,
  type DeltaEpochs,
  type DeltaTokenState,
  type Watermark,
} from './delta-tokens.js';
import { badRequest, unsupportedQuery } from './directory-errors.js';
import type { FilterExpression } from './odata-filter-ast.js';
import { parseFilter } from './odata-filter-parser.js';
import { compileProjection } from './projection.js';
import type { UserStore } from './user-store.js';
import type { UserSchema } from './user-properties.js';

/** Everything a delta request reads. */
export interface DeltaContext {
  readonly tenantId: string;
  readonly schema: UserSchema;
  readonly store: UserStore;
  readonly log: ChangeLog;
  readonly epochs: DeltaEpochs;
  readonly now: number;
  readonly pageSize: number;
}

const maxFilterIds = 50;

function collectIds(expression: FilterExpression, ids: string[]): boolean {
  if (expression.kind === 'logical')
    return (
      expression.operator === 'or' && collectIds(expression.left, ids) && collectIds(expression.right, ids)
    );
  if (expression.kind !== 'comparison' || expression.operator !== 'eq') return false;
  const { left, right } = expression;
  const isId = left.kind === 'property' && left.path.length === 1 && left.path[0]?.toLowerCase() === 'id';
  if (!isId || right.kind !== 'literal') return false;
  if (right.literal.type !== 'string' && right.literal.type !== 'guid') return false;
  ids.push(right.literal.value.toLowerCase());
  return true;
}

function parseIdFilter(filter: string): string[] {
  const ids: string[] = [];
  if (!collectIds(parseFilter(filter), ids))
    throw unsupportedQuery(
      "Unsupported filter for users delta: only 'id eq' clauses combined with 'or' are supported.",
    );
  const unique = [...new Set(ids)];
  if (unique.length > maxFilterIds)
    throw unsupportedQuery(
      `Too many ids in the users delta $filter: ${unique.length} (at most ${maxFilterIds}).`,
    );
  return unique;
}

function watermark(context: DeltaContext): Watermark {
  return { w: context.log.firstInvisible(context.now), h: context.log.length, at: context.now };
}

function scopeOf(state: Pick<DeltaTokenState, 's' | 'f'>, context: DeltaContext): DeltaScope {
  const projection = compileProjection(state.s, context.schema);
  return state.f === undefined ? { projection } : { projection, ids: state.f };
}

type TokenBase = Pick<DeltaTokenState, 'v' | 't' | 'e' | 'i' | 's' | 'f'>;

function tokenBase(state: Pick<DeltaTokenState, 's' | 'f'>, context: DeltaContext): TokenBase {
  return {
    v: 1,
    t: context.tenantId,
    e: context.epochs.current,
    i: context.now,
    ...(state.s === undefined ? {} : { s: state.s }),
    ...(state.f === undefined ? {} : { f: state.f }),
  };
}

function initialPage(
  base: TokenBase,
  cursor: InitialCursor,
  to: Watermark,
  context: DeltaContext,
): DeltaResult {
  const { items, next } = readInitialPage(context, scopeOf(base, context), cursor);
  if (next !== undefined)
    return { value: items, nextSkipToken: encodeDeltaToken({ ...base, m: 'initial', ...next, to }) };
  return { value: items, deltaToken: encodeDeltaToken({ ...base, m: 'delta', to }) };
}

function changesPage(
  base: TokenBase,
  range: { from: Watermark; to: Watermark; pos: number },
  minimal: boolean,
  context: DeltaContext,
): DeltaResult {
  const { items, next } = readChangesPage(context, scopeOf(base, context), range, minimal);
  if (next !== undefined)
    return {
      value: items,
      nextSkipToken: encodeDeltaToken({ ...base, m: 'changes', from: range.from, to: range.to, pos: next }),
    };
  return { value: items, deltaToken: encodeDeltaToken({ ...base, m: 'delta', to: range.to }) };
}

function startRound(request: Extract<DeltaRequest, { kind: 'initial' }>, context: DeltaContext): DeltaResult {
  if (request.unsupportedOptions.length > 0)
    throw unsupportedQuery(
      `The query option(s) ${request.unsupportedOptions.join(', ')} are not supported by users delta query.`,
    );
  const projection = compileProjection(request.select, context.schema);
  const ids = request.filter?.trim() ? parseIdFilter(request.filter) : undefined;
  const select = projection.explicit ? [...projection.names] : undefined;
  const base = tokenBase({ s: select, f: ids }, context);
  const to = watermark(context);
  if (request.latest) return { value: [], deltaToken: encodeDeltaToken({ ...base, m: 'delta', to }) };
  return initialPage(base, { list: ids === undefined ? 'users' : 'ids', pos: 0 }, to, context);
}

/**
 * Answers one `/users/delta` request.
 * @throws GraphHttpError 400 for unsupported options or filters and malformed or foreign tokens; 410 or
 *   400 `syncStateNotFound` for expired tokens.
 */
export function runDelta(request: DeltaRequest, context: DeltaContext): DeltaResult {
  if (request.kind === 'initial') return startRound(request, context);
  // The Location of a 410 is `/users/delta?$deltatoken=`: an empty token starts over like an initial request.
  if (request.kind === 'deltaToken' && request.token === '')
    return startRound({ kind: 'initial', latest: false, unsupportedOptions: [] }, context);
  const state = decodeDeltaToken(request.token, context.tenantId, context.epochs, context.now);
  if ((request.kind === 'deltaToken') !== (state.m === 'delta'))
    throw badRequest(
      `The ${request.kind === 'deltaToken' ? '$deltatoken' : '$skiptoken'} value is malformed.`,
    );
  const base = tokenBase(state, context);
  switch (state.m) {
    case 'delta':
      return changesPage(
        base,
        { from: state.to, to: watermark(context), pos: state.to.w },
        request.preferMinimal,
        context,
      );
    case 'initial':
      return initialPage(base, { list: state.list, pos: state.pos }, state.to, context);
    case 'changes':
      return changesPage(
        base,
        { from: state.from, to: state.to, pos: state.pos },
        request.preferMinimal,
        context,
      );
  }
}
