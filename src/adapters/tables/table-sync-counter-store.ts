/**
 * {@link SyncCounterStore} on Table Storage, table `syncCounters`:
 * - outcome counters: PartitionKey `<syncId>:<counter>`, one row per minute bucket and writer
 *   (`<bucket start ms, 13 digits>_<writer id>`), so instances never contend for a row; each writer also
 *   queues its own increments of a row and retries lost ETag races, so no increment is lost. Rows older
 *   than the retention are deleted when a writer starts a new bucket.
 * - the deletion guard's removal window: PartitionKey `<syncId>:removals`, RowKey `window`, written with ETags.
 */
import { randomBytes } from 'node:crypto';
import { odata, type TableClient, type TableEntity } from '@azure/data-tables';
import { z } from 'zod';
import type { OutcomeCounter, RemovalWindow, SyncCounterStore } from '../../app/safety-ports.js';
import { isSyncError } from '../../core/sync-errors.js';
import { isoTimestampSchema, jsonTextSchema, parseRow, toJsonProperty } from './table-entities.js';
import type { TableClients } from './table-clients.js';
import { encodeKey } from './table-keys.js';
import { forEachProjectedRow } from './table-projection.js';
import { deleteRow, getRow, saveRow } from './table-rows.js';

/** Options for {@link createTableSyncCounterStore}. */
export interface TableSyncCounterStoreOptions {
  /** Buckets older than this are deleted (default 2 h: the longest window read is the guard's hour). */
  readonly retainMs?: number;
}

const bucketMs = 60_000;
const windowRowKey = 'window';
const maxTries = 10;

const countRowSchema = z.object({ etag: z.string(), count: z.number().int().min(0) });
const windowRowSchema = z.object({
  etag: z.string(),
  buckets: jsonTextSchema(z.array(z.object({ start: isoTimestampSchema, count: z.number().int().min(0) }))),
  batchIds: jsonTextSchema(z.array(z.string())),
});

/** Creates the Table Storage {@link SyncCounterStore}; each instance is one writer. */
export function createTableSyncCounterStore(
  clients: TableClients,
  { retainMs = 2 * 60 * 60_000 }: TableSyncCounterStoreOptions = {},
): SyncCounterStore {
  const writer = randomBytes(6).toString('hex');
  const table = (): Promise<TableClient> => clients.get('syncCounters');
  // Increments of one row by this writer run one after another, so they do not race each other.
  const queues = new Map<string, Promise<void>>();

  async function increment(partitionKey: string, rowKey: string, amount: number): Promise<boolean> {
    const client = await table();
    for (let attempt = 1; ; attempt++) {
      const row = await getRow(client, partitionKey, rowKey);
      const location = { table: client.tableName, partitionKey, rowKey };
      const count = row ? parseRow(countRowSchema, row, location).count : 0;
      try {
        await saveRow(client, { partitionKey, rowKey, count: count + amount }, row?.etag ?? null);
        return row === null;
      } catch (error) {
        if (!isSyncError(error, 'STATE.CONFLICT') || attempt >= maxTries) throw error;
      }
    }
  }

  /** Deletes the rows of `partitionKey` older than `before` (all of them when it is undefined). */
  async function prune(partitionKey: string, before?: number): Promise<void> {
    const client = await table();
    const stale: string[] = [];
    const filter =
      before === undefined
        ? odata`PartitionKey eq ${partitionKey}`
        : odata`PartitionKey eq ${partitionKey} and RowKey lt ${bucketKey(before)}`;
    await forEachProjectedRow(client, filter, ['RowKey'], (row) => {
      if (typeof row.rowKey === 'string') stale.push(row.rowKey);
    });
    for (const rowKey of stale) await deleteRow(client, partitionKey, rowKey);
  }

  return {
    add(syncId, counter, at, amount = 1) {
      const partitionKey = counterPartition(syncId, counter);
      const rowKey = `${bucketKey(at.getTime())}_${writer}`;
      const key = `${partitionKey}/${rowKey}`;
      const run = (queues.get(key) ?? Promise.resolve())
        .catch(() => undefined)
        .then(async () => {
          const created = await increment(partitionKey, rowKey, amount);
          if (created) await prune(partitionKey, at.getTime() - retainMs);
        });
      queues.set(key, run);
      const forget = (): void => {
        if (queues.get(key) === run) queues.delete(key);
      };
      run.then(forget, forget);
      return run;
    },
    async sum(syncId, counter, since) {
      const client = await table();
      const partitionKey = counterPartition(syncId, counter);
      let total = 0;
      const filter = odata`PartitionKey eq ${partitionKey} and RowKey ge ${bucketKey(since.getTime())}`;
      await forEachProjectedRow(client, filter, ['count'], (row) => {
        if (typeof row.count === 'number') total += row.count;
      });
      return total;
    },
    async reset(syncId, counter) {
      await prune(counterPartition(syncId, counter));
    },
    async getRemovalWindow(syncId) {
      const client = await table();
      const partitionKey = encodeKey(`${syncId}:removals`);
      const row = await getRow(client, partitionKey, windowRowKey);
      if (!row) return null;
      const location = { table: client.tableName, partitionKey, rowKey: windowRowKey };
      const { etag, buckets, batchIds } = parseRow(windowRowSchema, row, location);
      return { value: { syncId, buckets, batchIds }, etag };
    },
    async saveRemovalWindow(window, etag) {
      const client = await table();
      return saveRow(client, toWindowEntity(window, client.tableName), etag);
    },
  };
}

/** Maps a removal window to its row. */
export function toWindowEntity(window: RemovalWindow, table: string): TableEntity {
  const location = { table, partitionKey: encodeKey(`${window.syncId}:removals`), rowKey: windowRowKey };
  return {
    partitionKey: location.partitionKey,
    rowKey: windowRowKey,
    buckets: toJsonProperty(window.buckets, 'buckets', location),
    batchIds: toJsonProperty(window.batchIds, 'batchIds', location),
  };
}

function counterPartition(syncId: string, counter: OutcomeCounter): string {
  return encodeKey(`${syncId}:${counter}`);
}

/** The RowKey prefix of the bucket holding `ms`: fixed width, so keys sort by time. */
function bucketKey(ms: number): string {
  return String(Math.max(0, Math.floor(ms / bucketMs) * bucketMs)).padStart(13, '0');
}
