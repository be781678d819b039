/**
 * {@link SubscriptionStore} on Table Storage: table `subscriptions`, PartitionKey = tenant id, RowKey =
 * subscription id. The client state is stored here but never appears in errors (rows are validated without
 * quoting values).
 */
import { odata, type TableClient, type TableEntity } from '@azure/data-tables';
import { z } from 'zod';
import type { SubscriptionRecord, SubscriptionStore } from '../../app/ports.js';
import { isoTimestampSchema, parseRow, type RowLocation } from './table-entities.js';
import type { TableClients } from './table-clients.js';
import { decodeKey, encodeKey } from './table-keys.js';
import { deleteRow, listAllRows, upsertRow, type Row } from './table-rows.js';

const subscriptionRowSchema = z.object({
  partitionKey: z.string(),
  rowKey: z.string(),
  resource: z.string(),
  notificationUrl: z.string(),
  lifecycleNotificationUrl: z.string(),
  clientState: z.string().min(1),
  expiresAt: isoTimestampSchema,
  createdAt: isoTimestampSchema,
  renewedAt: isoTimestampSchema,
});

/** Maps a subscription record to its row. */
export function toSubscriptionEntity(record: SubscriptionRecord): TableEntity {
  const { id, tenantId, ...rest } = record;
  return { partitionKey: encodeKey(tenantId), rowKey: encodeKey(id), ...rest };
}

/** Maps a row back to a subscription record; a corrupted row is a SyncError naming table and keys. */
export function fromSubscriptionRow(row: Row, location: RowLocation): SubscriptionRecord {
  const { partitionKey, rowKey, ...rest } = parseRow(subscriptionRowSchema, row, location);
  return { id: decodeKey(rowKey), tenantId: decodeKey(partitionKey), ...rest };
}

/**
 * Creates the Table Storage {@link SubscriptionStore}. `get` by id alone queries across partitions; the
 * table holds a handful of rows per source tenant, so that stays one cheap request.
 */
export function createTableSubscriptionStore(clients: TableClients): SubscriptionStore {
  const table = (): Promise<TableClient> => clients.get('subscriptions');
  const read = async (filter: string): Promise<SubscriptionRecord[]> => {
    const client = await table();
    const rows = await listAllRows(client, filter);
    return rows.map((row) =>
      fromSubscriptionRow(row, {
        table: client.tableName,
        partitionKey: row.partitionKey,
        rowKey: row.rowKey,
      }),
    );
  };
  return {
    async get(subscriptionId) {
      const [record] = await read(odata`RowKey eq ${encodeKey(subscriptionId)}`);
      return record ?? null;
    },
    listByTenant: (tenantId) => read(odata`PartitionKey eq ${encodeKey(tenantId)}`),
    listAll: () => read(''),
    async save(record) {
      await upsertRow(await table(), toSubscriptionEntity(record));
    },
    async delete(tenantId, subscriptionId) {
      await deleteRow(await table(), encodeKey(tenantId), encodeKey(subscriptionId));
    },
  };
}
