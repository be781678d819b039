import type {
  Clock,
  DeadLetter,
  DeltaCursor,
  Link,
  MirroredUser,
  ProvisioningLogEntry,
  SubscriptionRecord,
  TopologyStore,
  TopologyVersion,
} from '../../../src/app/ports.js';
import type { StateStore } from '../../../src/adapters/tables/create-table-state-store.js';
import type { JobRecord, JobStore } from '../../../src/app/control-ports.js';
import { byTimeThenId } from '../../../src/adapters/tables/table-dead-letter-store.js';
import { MAX_SPLIT_TEXT_CHARS } from '../../../src/adapters/tables/table-entities.js';
import { SyncError } from '../../../src/core/sync-errors.js';
import { createInMemorySafetyStores } from './in-memory-safety-stores.js';
import { VersionedRows } from './versioned-rows.js';

/** Options for {@link createInMemoryState}. */
export interface InMemoryStateOptions {
  /** Gives "now" to the provisioning log (query default) and the topology store (appliedAt). */
  readonly clock?: Clock;
  /** Items per page of `SourceMirror.list` and `LinkStore.list`. */
  readonly pageSize?: number;
}

/**
 * Every state port in memory, with the Table adapters' semantics: conditional saves with ETags and
 * `STATE.CONFLICT` on a lost race, paged lists with continuation tokens, the log newest first, topology
 * versions 1, 2, 3…. The same contract suites (test/support/contracts) run against both.
 */
export function createInMemoryState({
  clock = { now: () => new Date() },
  pageSize = 200,
}: InMemoryStateOptions = {}): StateStore {
  const cursors = new VersionedRows<DeltaCursor>('cursors');
  const mirror = new VersionedRows<MirroredUser>('sourceUsers');
  const links = new VersionedRows<Link>('links');
  const subscriptions = new VersionedRows<SubscriptionRecord>('subscriptions');
  const letters = new VersionedRows<DeadLetter>('deadLetters');
  const log = new Map<string, ProvisioningLogEntry>();

  return {
    cursors: {
      get: (tenantId) => Promise.resolve(cursors.get(tenantId, 'users')),
      save: (cursor, etag) => attempt(() => cursors.save(cursor.sourceTenantId, 'users', cursor, etag)),
      delete: (tenantId) =>
        attempt(() => {
          cursors.delete(tenantId, 'users');
        }),
    },
    sourceMirror: {
      get: (tenantId, userId) => Promise.resolve(mirror.get(tenantId, userId)),
      save: (user, etag) => attempt(() => mirror.save(user.sourceTenantId, user.userId, user, etag)),
      list: (tenantId, token) => attempt(() => mirror.page(tenantId, pageSize, token)),
    },
    links: {
      get: (syncId, userId) => Promise.resolve(links.get(syncId, userId)),
      save: (link, etag) => attempt(() => links.save(link.syncId, link.sourceUserId, link, etag)),
      list: (syncId, token) => attempt(() => links.page(syncId, pageSize, token)),
    },
    subscriptions: {
      get: (id) => Promise.resolve(subscriptions.list().find((s) => s.value.id === id)?.value ?? null),
      listByTenant: (tenantId) => Promise.resolve(subscriptions.list(tenantId).map((s) => s.value)),
      listAll: () => Promise.resolve(subscriptions.list().map((s) => s.value)),
      save: (record) =>
        attempt(() => {
          subscriptions.upsert(record.tenantId, record.id, record);
        }),
      delete: (tenantId, id) =>
        attempt(() => {
          subscriptions.delete(tenantId, id);
        }),
    },
    provisioningLog: {
      append: (entry) =>
        attempt(
          () => void log.set(`${entry.syncId}\u0000${entry.at}\u0000${entry.id}`, structuredClone(entry)),
        ),
      query: (query) =>
        attempt(() => {
          const until = (query.until ?? clock.now()).getTime();
          const limit = Math.min(Math.max(Math.trunc(query.limit ?? 100), 1), 1000);
          return [...log.values()]
            .filter((entry) => {
              const at = Date.parse(entry.at);
              return (
                at >= query.since.getTime() &&
                at <= until &&
                (query.syncId === undefined || entry.syncId === query.syncId) &&
                (query.sourceUserId === undefined || entry.sourceUserId === query.sourceUserId)
              );
            })
            .sort((a, b) => Date.parse(b.at) - Date.parse(a.at) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
            .slice(0, limit)
            .map((entry) => structuredClone(entry));
        }),
    },
    deadLetters: {
      put: (letter) =>
        attempt(() => {
          // Bodies go through JSON, as they do in the table.
          const body: unknown = letter.body === undefined ? null : JSON.parse(JSON.stringify(letter.body));
          letters.upsert(letter.scope, letter.id, { ...letter, body });
        }),
      list: (scope) =>
        Promise.resolve(
          letters
            .list(scope)
            .map((s) => s.value)
            .sort(byTimeThenId),
        ),
      remove: (scope, id) =>
        attempt(() => {
          letters.delete(scope, id);
        }),
    },
    topology: createInMemoryTopology(clock),
    ...createInMemorySafetyStores(links, letters, () => [...log.values()]),
    jobs: createInMemoryJobs(),
  };
}

function createInMemoryTopology(clock: Clock): TopologyStore {
  const versions: TopologyVersion[] = [];
  return {
    saveVersion: (input) =>
      attempt(() => {
        if (input.source.length > MAX_SPLIT_TEXT_CHARS) {
          throw new SyncError(
            'TOPOLOGY.INVALID',
            `The topology text is ${input.source.length * 2} bytes; too large.`,
          );
        }
        const saved = {
          version: versions.length + 1,
          source: input.source,
          appliedAt: clock.now().toISOString(),
          appliedBy: input.appliedBy,
        };
        versions.push(saved);
        return { ...saved };
      }),
    getActive: () => Promise.resolve(copy(versions.at(-1))),
    getVersion: (version) => Promise.resolve(copy(versions[version - 1])),
    listVersions: (limit) =>
      Promise.resolve(
        limit < 1
          ? []
          : versions
              .slice(-Math.trunc(limit))
              .reverse()
              .map((v) => ({ ...v })),
      ),
  };
}

/** Jobs in one partition, as the Table store keeps them; listed newest first (ties by id). */
function createInMemoryJobs(): JobStore {
  const rows = new VersionedRows<JobRecord>('jobs');
  return {
    create: (job) => attempt(() => rows.save('jobs', job.id, job, null)),
    get: (id) => Promise.resolve(rows.get('jobs', id)),
    save: (job, etag) => attempt(() => rows.save('jobs', job.id, job, etag)),
    list: ({ kind, limit }) =>
      Promise.resolve(
        rows
          .list('jobs')
          .map((stored) => stored.value)
          .filter((job) => kind === undefined || job.kind === kind)
          .sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt) || (a.id < b.id ? -1 : 1))
          .slice(0, Math.max(0, Math.trunc(limit))),
      ),
  };
}

function copy(version: TopologyVersion | undefined): TopologyVersion | null {
  return version === undefined ? null : { ...version };
}

/** Runs a synchronous operation as the async port would: its throw becomes a rejection. */
function attempt<T>(operation: () => T): Promise<T> {
  try {
    return Promise.resolve(operation());
  } catch (error) {
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
}
