/**
 * {@link SyncControlStore} on Table Storage: table `syncControl`, one partition `syncs`, RowKey = sync id.
 * The pause and the quarantine are JSON properties, left out when not set (Table Storage has no null).
 */
import { odata, type TableEntity } from '@azure/data-tables';
import { z } from 'zod';
import type { Stored } from '../../app/ports.js';
import type { SyncControl, SyncControlStore } from '../../app/safety-ports.js';
import {
  isoTimestampSchema,
  jsonTextSchema,
  parseRow,
  toJsonProperty,
  type RowLocation,
} from './table-entities.js';
import type { TableClients } from './table-clients.js';
import { decodeKey, encodeKey } from './table-keys.js';
import { createKeyedStore } from './table-keyed-store.js';
import { listAllRows, type Row } from './table-rows.js';

const PARTITION = 'syncs';

const orNull = <T>(schema: z.ZodType<T>) => schema.nullish().transform((value) => value ?? null);

const pauseSchema = z.object({ since: isoTimestampSchema, by: z.string(), reason: z.string().nullable() });
const quarantineSchema = z.object({
  since: isoTimestampSchema,
  failures: z.number().int().min(0),
  attempts: z.number().int().min(0),
  backoffMs: z.number().int().min(0),
  retryAt: isoTimestampSchema,
  probeStartedAt: isoTimestampSchema.nullable(),
  probeToken: z.string().min(1).optional(),
  failedProbes: z.number().int().min(0),
});

const controlRowSchema = z.object({
  rowKey: z.string(),
  etag: z.string(),
  pause: orNull(jsonTextSchema(pauseSchema)),
  quarantine: orNull(jsonTextSchema(quarantineSchema)),
  pendingGuardId: orNull(z.string().min(1)),
  updatedAt: isoTimestampSchema,
});

/** Maps a control row's value to its entity. */
export function toSyncControlEntity(control: SyncControl, table: string): TableEntity {
  const location = { table, partitionKey: PARTITION, rowKey: encodeKey(control.syncId) };
  return {
    partitionKey: PARTITION,
    rowKey: location.rowKey,
    ...(control.pause ? { pause: toJsonProperty(control.pause, 'pause', location) } : {}),
    ...(control.quarantine ? { quarantine: toJsonProperty(control.quarantine, 'quarantine', location) } : {}),
    ...(control.pendingGuardId === null ? {} : { pendingGuardId: control.pendingGuardId }),
    updatedAt: control.updatedAt,
  };
}

/** Maps a row back to a stored control row; a corrupted row is a SyncError naming table and keys. */
export function fromSyncControlRow(row: Row, location: RowLocation): Stored<SyncControl> {
  const { rowKey, etag, ...rest } = parseRow(controlRowSchema, row, location);
  return { value: { syncId: decodeKey(rowKey), ...rest }, etag };
}

/** Creates the Table Storage {@link SyncControlStore}. */
export function createTableSyncControlStore(clients: TableClients): SyncControlStore {
  const rows = createKeyedStore<SyncControl>(
    clients,
    { table: 'syncControl', toEntity: toSyncControlEntity, fromRow: fromSyncControlRow },
    100,
  );
  return {
    get: (syncId) => rows.get(PARTITION, syncId),
    save: (control, etag) => rows.save(control, etag),
    async list() {
      const client = await clients.get('syncControl');
      const found = await listAllRows(client, odata`PartitionKey eq ${PARTITION}`);
      return found.map(
        (row) =>
          fromSyncControlRow(row, { table: client.tableName, partitionKey: PARTITION, rowKey: row.rowKey })
            .value,
      );
    },
  };
}
