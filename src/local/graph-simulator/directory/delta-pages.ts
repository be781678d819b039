/**
 * The two kinds of `/users/delta` pages. An initial round walks the current users (then deleted items as
 * `@removed: changed`) by position; a change round walks the change log between two watermarks, grouping
 * the entries of each user on the page and rendering the user's latest visible state.
 */
import type { GraphObject } from './contract.js';
import type { ChangeEntry, ChangeLog } from './change-log.js';
import type { Watermark } from './delta-tokens.js';
import { projectUser, renderProperty, type Projection } from './projection.js';
import type { UserRecord } from './user-record.js';
import type { UserStore } from './user-store.js';

/** What a page reads from: the tenant's store and change log, the time, and the page size. */
export interface DeltaPageSource {
  readonly store: UserStore;
  readonly log: ChangeLog;
  readonly now: number;
  readonly pageSize: number;
}

/** The `$select` and id filter of a round. */
export interface DeltaScope {
  readonly projection: Projection;
  readonly ids?: readonly string[];
}

/** Where an initial round continues. */
export interface InitialCursor {
  readonly list: 'users' | 'deleted' | 'ids';
  readonly pos: number;
}

function removed(id: string, reason: 'changed' | 'deleted'): GraphObject {
  return { id, '@removed': { reason } };
}

function* initialItems(
  source: DeltaPageSource,
  scope: DeltaScope,
  cursor: InitialCursor,
): Generator<{ cursor: InitialCursor; item: GraphObject }> {
  const present = (record: UserRecord): GraphObject => projectUser(record.values, scope.projection, 'delta');
  if (scope.ids !== undefined) {
    for (let pos = cursor.pos; pos < scope.ids.length; pos++) {
      const id = scope.ids[pos] as string;
      const active = source.store.findActive(id);
      const next = { list: 'ids', pos } as const;
      if (active?.id === id && active.visibleAt <= source.now) yield { cursor: next, item: present(active) };
      else if (source.store.findDeleted(id) !== undefined)
        yield { cursor: next, item: removed(id, 'changed') };
    }
    return;
  }
  if (cursor.list === 'users') {
    for (const record of source.store.active.from(cursor.pos)) {
      if (record.visibleAt <= source.now)
        yield { cursor: { list: 'users', pos: record.slot }, item: present(record) };
    }
  }
  const from = cursor.list === 'deleted' ? cursor.pos : 0;
  for (const record of source.store.deleted.from(from))
    yield { cursor: { list: 'deleted', pos: record.slot }, item: removed(record.id, 'changed') };
}

/** Reads one page of an initial round; `next` is where the following page starts (absent at the end). */
export function readInitialPage(
  source: DeltaPageSource,
  scope: DeltaScope,
  cursor: InitialCursor,
): { items: GraphObject[]; next?: InitialCursor } {
  const items: GraphObject[] = [];
  for (const { cursor: at, item } of initialItems(source, scope, cursor)) {
    if (items.length === source.pageSize) return { items, next: at };
    items.push(item);
  }
  return { items };
}

interface UserChanges {
  changed: Set<string> | 'all';
  last: ChangeEntry['kind'];
}

function isRelevant(entry: ChangeEntry, scope: DeltaScope): boolean {
  if (entry.kind !== 'upsert' || entry.changed === 'all' || !scope.projection.explicit) return true;
  return entry.changed.some((name) => scope.projection.names.has(name));
}

function render(
  id: string,
  changes: UserChanges,
  source: DeltaPageSource,
  scope: DeltaScope,
  minimal: boolean,
): GraphObject {
  if (changes.last === 'purge') return removed(id, 'deleted');
  if (changes.last === 'softDelete') return removed(id, 'changed');
  const record = source.store.findActive(id) ?? source.store.findDeleted(id);
  if (record?.id !== id) return removed(id, 'deleted');
  if (!minimal || changes.changed === 'all') return projectUser(record.values, scope.projection, 'delta');
  const item: GraphObject = { id };
  for (const definition of scope.projection.properties) {
    if (!changes.changed.has(definition.name)) continue;
    item[definition.name] = renderProperty(definition, record.values, 'delta') ?? null;
  }
  return item;
}

/** At most this many log entries are read per page; a page may then be empty and still have a next link. */
const maxEntriesPerPage = 20_000;

/**
 * Reads one page of a change round: the entries in `[pos, to.h)` visible at `to.at` that `from` did not
 * already account for, limited to the round's ids and selected properties.
 */
export function readChangesPage(
  source: DeltaPageSource,
  scope: DeltaScope,
  range: { readonly from: Watermark; readonly to: Watermark; readonly pos: number },
  minimal: boolean,
): { items: GraphObject[]; next?: number } {
  const { from, to } = range;
  const ids = scope.ids === undefined ? undefined : new Set(scope.ids);
  const users = new Map<string, UserChanges>();
  let next: number | undefined;
  for (let seq = range.pos; seq < to.h; seq++) {
    if (seq - range.pos >= maxEntriesPerPage) {
      next = seq;
      break;
    }
    const entry = source.log.at(seq) as ChangeEntry;
    if (entry.visibleAt > to.at || (seq < from.h && entry.visibleAt <= from.at)) continue;
    if ((ids !== undefined && !ids.has(entry.userId)) || !isRelevant(entry, scope)) continue;
    let changes = users.get(entry.userId);
    if (changes === undefined) {
      if (users.size === source.pageSize) {
        next = seq;
        break;
      }
      changes = { changed: new Set(), last: entry.kind };
      users.set(entry.userId, changes);
    }
    changes.last = entry.kind;
    if (entry.kind === 'restore' || entry.changed === 'all') changes.changed = 'all';
    else if (changes.changed !== 'all') for (const name of entry.changed) changes.changed.add(name);
  }
  const items = [...users].map(([id, changes]) => render(id, changes, source, scope, minimal));
  return next === undefined ? { items } : { items, next };
}
