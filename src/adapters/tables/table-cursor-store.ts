/**
 * {@link CursorStore} on Table Storage: table `cursors`, PartitionKey = source tenant id, RowKey `users`.
 */
import type { TableClient, TableEntity } from '@azure/data-tables';
import { z } from 'zod';
import type { CursorStore, DeltaCursor, Stored } from '../../app/ports.js';
import {
  assertPropertySize,
  isoTimestampSchema,
  jsonTextSchema,
  parseRow,
  type RowLocation,
} from './table-entities.js';
import type { TableClients } from './table-clients.js';
import { decodeKey, encodeKey } from './table-keys.js';
import { deleteRow, getRow, saveRow, type Row } from './table-rows.js';

const ROW_KEY = 'users';

const cursorRowSchema = z.object({
  partitionKey: z.string(),
  etag: z.string(),
  link: z.string().min(1),
  roundComplete: z.boolean(),
  selectHash: z.string(),
  roundId: z.string(),
  roundIsFull: z.boolean(),
  updatedAt: isoTimestampSchema,
  resetSyncIds: jsonTextSchema(z.array(z.string())).optional(),
  jobIds: jsonTextSchema(z.array(z.string())).optional(),
  restartedBy: z.string().optional(),
});

/** Maps a cursor to its row; the delta link must fit one property. */
export function toCursorEntity(cursor: DeltaCursor, table: string): TableEntity {
  const partitionKey = encodeKey(cursor.sourceTenantId);
  assertPropertySize(cursor.link, 'link', { table, partitionKey, rowKey: ROW_KEY });
  return {
    partitionKey,
    rowKey: ROW_KEY,
    link: cursor.link,
    roundComplete: cursor.roundComplete,
    selectHash: cursor.selectHash,
    roundId: cursor.roundId,
    roundIsFull: cursor.roundIsFull,
    updatedAt: cursor.updatedAt,
    ...(cursor.resetSyncIds?.length ? { resetSyncIds: JSON.stringify(cursor.resetSyncIds) } : {}),
    ...(cursor.jobIds?.length ? { jobIds: JSON.stringify(cursor.jobIds) } : {}),
    ...(cursor.restartedBy === undefined ? {} : { restartedBy: cursor.restartedBy }),
  };
}

/** Maps a row back to a stored cursor; a corrupted row is a SyncError naming table and keys. */
export function fromCursorRow(row: Row, location: RowLocation): Stored<DeltaCursor> {
  const { partitionKey, etag, ...value } = parseRow(cursorRowSchema, row, location);
  return { value: { sourceTenantId: decodeKey(partitionKey), ...value }, etag };
}

/** Creates the Table Storage {@link CursorStore}. */
export function createTableCursorStore(clients: TableClients): CursorStore {
  const table = (): Promise<TableClient> => clients.get('cursors');
  return {
    async get(sourceTenantId) {
      const client = await table();
      const partitionKey = encodeKey(sourceTenantId);
      const row = await getRow(client, partitionKey, ROW_KEY);
      return row && fromCursorRow(row, { table: client.tableName, partitionKey, rowKey: ROW_KEY });
    },
    async save(cursor, etag) {
      const client = await table();
      return saveRow(client, toCursorEntity(cursor, client.tableName), etag);
    },
    async delete(sourceTenantId) {
      await deleteRow(await table(), encodeKey(sourceTenantId), ROW_KEY);
    },
  };
}
