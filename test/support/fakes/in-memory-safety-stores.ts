import type { DeadLetter, Link, ProvisioningLogEntry } from '../../../src/app/ports.js';
import type { StateStore } from '../../../src/adapters/tables/create-table-state-store.js';
import { heldRowKey } from '../../../src/adapters/tables/table-guard-store.js';
import type { RemovalVeto } from '../../../src/app/control-ports.js';
import { targetChangeSchema, type TargetChange } from '../../../src/app/messages.js';
import type {
  DeletionGuardRecord,
  GuardStore,
  RemovalWindow,
  SyncControl,
  SyncCounterStore,
} from '../../../src/app/safety-ports.js';
import { VersionedRows } from './versioned-rows.js';

const bucketMs = 60_000;

/** The safety-rail stores of the in-memory state, over the same link and dead-letter rows it keeps. */
export type SafetyStores = Pick<StateStore, 'syncControls' | 'syncCounters' | 'guards' | 'census'>;

/**
 * The control rows, counters, guards (and vetoes) and census in memory, with the Table adapters' semantics (conditional
 * saves, `STATE.CONFLICT` on a lost race, held changes round-tripped through JSON and their schema). The
 * same contract suites run against both.
 */
export function createInMemorySafetyStores(
  links: VersionedRows<Link>,
  letters: VersionedRows<DeadLetter>,
  logEntries: () => readonly ProvisioningLogEntry[],
): SafetyStores {
  const controls = new VersionedRows<SyncControl>('syncControl');
  return {
    syncControls: {
      get: (syncId) => Promise.resolve(controls.get('syncs', syncId)),
      save: (control, etag) => attempt(() => controls.save('syncs', control.syncId, control, etag)),
      list: () => Promise.resolve(controls.list('syncs').map((stored) => stored.value)),
    },
    syncCounters: createInMemoryCounters(),
    guards: createInMemoryGuards(),
    census: {
      linkStates: (syncId) => {
        const counts = { active: 0, disabled: 0, deleted: 0, absent: 0 };
        for (const { value } of links.list(syncId)) counts[value.state] += 1;
        return Promise.resolve(counts);
      },
      deadLetterCount: (scope) => Promise.resolve(letters.list(scope).length),
      failuresSince: (syncId, since) =>
        Promise.resolve(
          logEntries().filter(
            (entry) =>
              entry.syncId === syncId &&
              entry.outcome === 'failure' &&
              Date.parse(entry.at) >= since.getTime(),
          ).length,
        ),
    },
  };
}

function createInMemoryCounters(): SyncCounterStore {
  const buckets = new Map<string, Map<number, number>>();
  const windows = new VersionedRows<RemovalWindow>('syncCounters');
  const key = (syncId: string, counter: string) => `${syncId}:${counter}`;
  return {
    add: (syncId, counter, at, amount = 1) => {
      const counts = buckets.get(key(syncId, counter)) ?? new Map<number, number>();
      const bucket = Math.floor(at.getTime() / bucketMs) * bucketMs;
      counts.set(bucket, (counts.get(bucket) ?? 0) + amount);
      buckets.set(key(syncId, counter), counts);
      return Promise.resolve();
    },
    sum: (syncId, counter, since) => {
      const from = Math.floor(since.getTime() / bucketMs) * bucketMs;
      let total = 0;
      for (const [bucket, count] of buckets.get(key(syncId, counter)) ?? [])
        if (bucket >= from) total += count;
      return Promise.resolve(total);
    },
    reset: (syncId, counter) => {
      buckets.delete(key(syncId, counter));
      return Promise.resolve();
    },
    getRemovalWindow: (syncId) => Promise.resolve(windows.get(syncId, 'window')),
    saveRemovalWindow: (window, etag) => attempt(() => windows.save(window.syncId, 'window', window, etag)),
  };
}

function createInMemoryGuards(): GuardStore {
  const guards = new VersionedRows<DeletionGuardRecord>('guards');
  const held = new VersionedRows<TargetChange>('guards');
  const vetoes = new VersionedRows<RemovalVeto>('guards');
  return {
    get: (guardId) => Promise.resolve(guards.get(guardId, 'guard')),
    save: (guard, etag) => attempt(() => guards.save(guard.id, 'guard', guard, etag)),
    list: (filter = {}) =>
      Promise.resolve(
        guards
          .list()
          .map((stored) => stored.value)
          .filter((guard) => filter.syncId === undefined || guard.syncId === filter.syncId)
          .filter((guard) => filter.state === undefined || guard.state === filter.state)
          .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || a.id.localeCompare(b.id)),
      ),
    hold: (guardId, changes) =>
      attempt(() => {
        for (const change of changes) {
          held.upsert(
            guardId,
            heldRowKey(change),
            targetChangeSchema.parse(JSON.parse(JSON.stringify(change))),
          );
        }
      }),
    held: (guardId) => Promise.resolve(held.list(guardId).map((stored) => stored.value)),
    countHeld: (guardId) => Promise.resolve(held.list(guardId).length),
    drop: (guardId, changes) =>
      attempt(() => {
        for (const change of changes) held.delete(guardId, heldRowKey(change));
      }),
    remove: (guardId) =>
      attempt(() => {
        for (const { value } of held.list(guardId)) held.delete(guardId, heldRowKey(value));
        guards.delete(guardId, 'guard');
      }),
    saveVetoes: (records) =>
      attempt(() => {
        for (const veto of records) vetoes.upsert(`veto:${veto.syncId}`, veto.sourceUserId, veto);
      }),
    getVeto: (syncId, sourceUserId) =>
      Promise.resolve(vetoes.get(`veto:${syncId}`, sourceUserId)?.value ?? null),
    listVetoes: (syncId) => Promise.resolve(vetoes.list(`veto:${syncId}`).map((stored) => stored.value)),
    removeVeto: (syncId, sourceUserId) =>
      attempt(() => {
        vetoes.delete(`veto:${syncId}`, sourceUserId);
      }),
  };
}

/** Runs a synchronous operation as the async port would: its throw becomes a rejection. */
function attempt<T>(operation: () => T): Promise<T> {
  try {
    return Promise.resolve(operation());
  } catch (error) {
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
}
