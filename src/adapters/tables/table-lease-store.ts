/**
 * {@link LeaseStore} on Table Storage: table `leases`, PartitionKey `lease`, RowKey = the lease name
 * (`sync:<id>`, `tenant:<id>`), with holder, acquiredAt and expiresAt. Writes are conditional on ETags.
 */
import type { TableEntity } from '@azure/data-tables';
import { z } from 'zod';
import type { Stored } from '../../app/ports.js';
import type { LeaseRecord, LeaseStore } from '../../app/reconcile-ports.js';
import { isoTimestampSchema, parseRow, type RowLocation } from './table-entities.js';
import type { TableClients } from './table-clients.js';
import { decodeKey, encodeKey } from './table-keys.js';
import { createKeyedStore } from './table-keyed-store.js';
import type { Row } from './table-rows.js';

const PARTITION = 'lease';

const leaseRowSchema = z.object({
  rowKey: z.string(),
  etag: z.string(),
  holder: z.string().min(1),
  acquiredAt: isoTimestampSchema,
  expiresAt: isoTimestampSchema,
});

/** Maps a lease to its row. */
export function toLeaseEntity(lease: LeaseRecord): TableEntity {
  return {
    partitionKey: PARTITION,
    rowKey: encodeKey(lease.name),
    holder: lease.holder,
    acquiredAt: lease.acquiredAt,
    expiresAt: lease.expiresAt,
  };
}

/** Maps a row back to a stored lease; a corrupted row is a SyncError naming table and keys. */
export function fromLeaseRow(row: Row, location: RowLocation): Stored<LeaseRecord> {
  const { rowKey, etag, ...rest } = parseRow(leaseRowSchema, row, location);
  return { value: { name: decodeKey(rowKey), ...rest }, etag };
}

/** Creates the Table Storage {@link LeaseStore}. */
export function createTableLeaseStore(clients: TableClients): LeaseStore {
  const rows = createKeyedStore<LeaseRecord>(
    clients,
    { table: 'leases', toEntity: toLeaseEntity, fromRow: fromLeaseRow },
    100,
  );
  return {
    get: (name) => rows.get(PARTITION, name),
    save: (lease, etag) => rows.save(lease, etag),
  };
}
