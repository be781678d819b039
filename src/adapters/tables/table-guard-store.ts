/**
 * {@link GuardStore} on Table Storage: table `guards`, one partition per guard (PartitionKey = guard id).
 * RowKey `guard` is the guard itself; each held removal is a row `h_<source user id>_<source version>` with
 * the target change as JSON, so a guard and everything it holds are written in batches of one partition and
 * nothing held is ever lost. The vetoes a rejected guard leaves behind live in the same table, one partition
 * per sync (table-removal-vetoes.ts).
 */
import { odata, type TableClient, type TableEntity, type TransactionAction } from '@azure/data-tables';
import pLimit from 'p-limit';
import { z } from 'zod';
import { targetChangeSchema, type TargetChange } from '../../app/messages.js';
import type { Stored } from '../../app/ports.js';
import type { DeletionGuardRecord, GuardStore } from '../../app/safety-ports.js';
import {
  isoTimestampSchema,
  jsonTextSchema,
  parseRow,
  toJsonProperty,
  type RowLocation,
} from './table-entities.js';
import type { TableClients } from './table-clients.js';
import { withStateErrors } from './table-errors.js';
import { decodeKey, encodeKey } from './table-keys.js';
import { forEachProjectedRow } from './table-projection.js';
import { createTableVetoRows } from './table-removal-vetoes.js';
import { deleteRow, getRow, listAllRows, saveRow, type Row } from './table-rows.js';

const GUARD_ROW = 'guard';
const HELD_PREFIX = 'h_';
// The first key after every `h_…` key: `_` + 1 is the backtick.
const HELD_END = 'h`';
const batchSize = 100;

const orNull = <T>(schema: z.ZodType<T>) => schema.nullish().transform((value) => value ?? null);

const thresholdSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('count'), count: z.number().int().min(1) }),
  z.object({ kind: z.literal('percent'), percent: z.number().positive() }),
]);

const guardRowSchema = z.object({
  partitionKey: z.string(),
  etag: z.string(),
  syncId: z.string(),
  state: z.enum(['pending', 'approved', 'rejected']),
  trigger: z.enum(['notifications', 'reconcile']),
  threshold: jsonTextSchema(thresholdSchema),
  limit: z.number().int().min(0),
  linkedUsers: z.number().int().min(0),
  admittedInWindow: z.number().int().min(0),
  requested: z.number().int().min(0),
  createdAt: isoTimestampSchema,
  decidedAt: orNull(isoTimestampSchema),
  decidedBy: orNull(z.string()),
});

const heldRowSchema = z.object({ change: jsonTextSchema(targetChangeSchema) });

/** Maps a guard to its row. */
export function toGuardEntity(guard: DeletionGuardRecord, table: string): TableEntity {
  const location = { table, partitionKey: encodeKey(guard.id), rowKey: GUARD_ROW };
  return {
    partitionKey: location.partitionKey,
    rowKey: GUARD_ROW,
    syncId: guard.syncId,
    state: guard.state,
    trigger: guard.trigger,
    threshold: toJsonProperty(guard.threshold, 'threshold', location),
    limit: guard.limit,
    linkedUsers: guard.linkedUsers,
    admittedInWindow: guard.admittedInWindow,
    requested: guard.requested,
    createdAt: guard.createdAt,
    ...(guard.decidedAt === null ? {} : { decidedAt: guard.decidedAt }),
    ...(guard.decidedBy === null ? {} : { decidedBy: guard.decidedBy }),
  };
}

/** Maps a row back to a stored guard; a corrupted row is a SyncError naming table and keys. */
export function fromGuardRow(row: Row, location: RowLocation): Stored<DeletionGuardRecord> {
  const { partitionKey, etag, ...rest } = parseRow(guardRowSchema, row, location);
  return { value: { id: decodeKey(partitionKey), ...rest }, etag };
}

/** RowKey of a held change: one per user and source version. */
export function heldRowKey(change: TargetChange): string {
  return `${HELD_PREFIX}${encodeKey(change.sourceUserId)}_${String(change.sourceVersion).padStart(12, '0')}`;
}

/** Creates the Table Storage {@link GuardStore}. */
export function createTableGuardStore(clients: TableClients): GuardStore {
  const table = (): Promise<TableClient> => clients.get('guards');
  const heldFilter = (partitionKey: string) =>
    odata`PartitionKey eq ${partitionKey} and RowKey ge ${HELD_PREFIX} and RowKey lt ${HELD_END}`;

  async function submit(client: TableClient, partitionKey: string, actions: TransactionAction[]) {
    for (let start = 0; start < actions.length; start += batchSize) {
      const batch = actions.slice(start, start + batchSize);
      await withStateErrors(() => client.submitTransaction(batch), {
        table: client.tableName,
        operation: `write ${batch.length} held removals`,
        partitionKey,
      });
    }
  }

  async function deleteRows(client: TableClient, partitionKey: string, rowKeys: readonly string[]) {
    // One by one (bounded in parallel): a transaction fails whole when one row is already gone.
    const limit = pLimit(8);
    await Promise.all(rowKeys.map((rowKey) => limit(() => deleteRow(client, partitionKey, rowKey))));
  }

  return {
    async get(guardId) {
      const client = await table();
      const location = { table: client.tableName, partitionKey: encodeKey(guardId), rowKey: GUARD_ROW };
      const row = await getRow(client, location.partitionKey, GUARD_ROW);
      return row && fromGuardRow(row, location);
    },
    async save(guard, etag) {
      const client = await table();
      return saveRow(client, toGuardEntity(guard, client.tableName), etag);
    },
    async list(filter = {}) {
      const client = await table();
      const clauses = [odata`RowKey eq ${GUARD_ROW}`];
      if (filter.syncId !== undefined) clauses.push(odata`syncId eq ${filter.syncId}`);
      if (filter.state !== undefined) clauses.push(odata`state eq ${filter.state}`);
      const rows = await listAllRows(client, clauses.join(' and '));
      return rows
        .map(
          (row) =>
            fromGuardRow(row, { table: client.tableName, partitionKey: row.partitionKey, rowKey: GUARD_ROW })
              .value,
        )
        .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || a.id.localeCompare(b.id));
    },
    async hold(guardId, changes) {
      const client = await table();
      const partitionKey = encodeKey(guardId);
      const entities = new Map<string, TableEntity>();
      for (const change of changes) {
        const rowKey = heldRowKey(change);
        const location = { table: client.tableName, partitionKey, rowKey };
        entities.set(rowKey, { partitionKey, rowKey, change: toJsonProperty(change, 'change', location) });
      }
      await submit(
        client,
        partitionKey,
        [...entities.values()].map((entity): TransactionAction => ['upsert', entity, 'Replace']),
      );
    },
    async held(guardId) {
      const client = await table();
      const partitionKey = encodeKey(guardId);
      const rows = await listAllRows(client, heldFilter(partitionKey));
      return rows.map(
        (row) =>
          parseRow(heldRowSchema, row, { table: client.tableName, partitionKey, rowKey: row.rowKey }).change,
      );
    },
    async countHeld(guardId) {
      const client = await table();
      let count = 0;
      await forEachProjectedRow(client, heldFilter(encodeKey(guardId)), ['RowKey'], () => {
        count += 1;
      });
      return count;
    },
    async drop(guardId, changes) {
      const client = await table();
      await deleteRows(client, encodeKey(guardId), [...new Set(changes.map(heldRowKey))]);
    },
    async remove(guardId) {
      const client = await table();
      const partitionKey = encodeKey(guardId);
      const rowKeys: string[] = [];
      await forEachProjectedRow(client, odata`PartitionKey eq ${partitionKey}`, ['RowKey'], (row) => {
        if (typeof row.rowKey === 'string') rowKeys.push(row.rowKey);
      });
      // The held rows first: a guard row is never left without knowing what it held.
      await deleteRows(
        client,
        partitionKey,
        rowKeys.filter((key) => key !== GUARD_ROW),
      );
      await deleteRow(client, partitionKey, GUARD_ROW);
    },
    ...createTableVetoRows(table),
  };
}
