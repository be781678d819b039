/**
 * {@link LinkStore} on Table Storage: table `links`, PartitionKey = sync id, RowKey = source user id. Null
 * fields are left out of the row (Table Storage has no null); applied attributes and the last error are JSON.
 */
import type { TableEntity } from '@azure/data-tables';
import { z } from 'zod';
import type { Link, LinkStore, Stored } from '../../app/ports.js';
import {
  attributeValueSchema,
  isoTimestampSchema,
  jsonTextSchema,
  parseRow,
  toJsonProperty,
  type RowLocation,
} from './table-entities.js';
import type { TableClients } from './table-clients.js';
import { decodeKey, encodeKey } from './table-keys.js';
import { createKeyedStore } from './table-keyed-store.js';
import type { Row } from './table-rows.js';

/** Options for {@link createTableLinkStore}. */
export interface TableLinkStoreOptions {
  /** Rows per `list` page (Table Storage returns at most 1000). */
  readonly pageSize?: number;
}

const orNull = <T>(schema: z.ZodType<T>) => schema.nullish().transform((value) => value ?? null);

const linkRowSchema = z.object({
  partitionKey: z.string(),
  rowKey: z.string(),
  etag: z.string(),
  sourceTenantId: z.string(),
  targetTenantId: z.string(),
  targetUserId: orNull(z.string()),
  state: z.enum(['active', 'disabled', 'deleted', 'absent']),
  appliedHash: orNull(z.string()),
  appliedAttributes: jsonTextSchema(z.record(z.string(), attributeValueSchema)),
  sourceVersion: z.number().int().min(0),
  createdAt: isoTimestampSchema,
  updatedAt: isoTimestampSchema,
  disabledAt: orNull(isoTimestampSchema),
  deletedAt: orNull(isoTimestampSchema),
  lastError: orNull(
    jsonTextSchema(z.object({ code: z.string(), message: z.string(), at: isoTimestampSchema })),
  ),
});

/** Maps a link to its row. */
export function toLinkEntity(link: Link, table: string): TableEntity {
  const location = { table, partitionKey: encodeKey(link.syncId), rowKey: encodeKey(link.sourceUserId) };
  return {
    partitionKey: location.partitionKey,
    rowKey: location.rowKey,
    sourceTenantId: link.sourceTenantId,
    targetTenantId: link.targetTenantId,
    ...(link.targetUserId === null ? {} : { targetUserId: link.targetUserId }),
    state: link.state,
    ...(link.appliedHash === null ? {} : { appliedHash: link.appliedHash }),
    appliedAttributes: toJsonProperty(link.appliedAttributes, 'appliedAttributes', location),
    sourceVersion: link.sourceVersion,
    createdAt: link.createdAt,
    updatedAt: link.updatedAt,
    ...(link.disabledAt === null ? {} : { disabledAt: link.disabledAt }),
    ...(link.deletedAt === null ? {} : { deletedAt: link.deletedAt }),
    ...(link.lastError === null ? {} : { lastError: toJsonProperty(link.lastError, 'lastError', location) }),
  };
}

/** Maps a row back to a stored link; a corrupted row is a SyncError naming table and keys. */
export function fromLinkRow(row: Row, location: RowLocation): Stored<Link> {
  const { partitionKey, rowKey, etag, ...rest } = parseRow(linkRowSchema, row, location);
  return { value: { syncId: decodeKey(partitionKey), sourceUserId: decodeKey(rowKey), ...rest }, etag };
}

/** Creates the Table Storage {@link LinkStore}. */
export function createTableLinkStore(
  clients: TableClients,
  { pageSize = 200 }: TableLinkStoreOptions = {},
): LinkStore {
  return createKeyedStore(
    clients,
    { table: 'links', toEntity: toLinkEntity, fromRow: fromLinkRow },
    pageSize,
  );
}
