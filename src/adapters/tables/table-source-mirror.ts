/**
 * {@link SourceMirror} on Table Storage: table `sourceUsers`, PartitionKey = source tenant id, RowKey =
 * source user id. Attributes and the published map are JSON text, each within the 64 KiB property limit.
 */
import type { TableEntity } from '@azure/data-tables';
import { z } from 'zod';
import type { MirroredUser, SourceMirror, Stored } from '../../app/ports.js';
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

/** Options for {@link createTableSourceMirror}. */
export interface TableSourceMirrorOptions {
  /** Rows per `list` page (Table Storage returns at most 1000). */
  readonly pageSize?: number;
}

const mirroredUserRowSchema = z.object({
  partitionKey: z.string(),
  rowKey: z.string(),
  etag: z.string(),
  attributes: jsonTextSchema(z.record(z.string(), attributeValueSchema)),
  hash: z.string(),
  version: z.number().int().min(0),
  state: z.enum(['present', 'soft-deleted', 'hard-deleted']),
  lastSeenAt: isoTimestampSchema,
  lastSeenRound: z.string(),
  published: jsonTextSchema(z.record(z.string(), z.string())),
});

/** Maps a mirrored user to its row. */
export function toMirroredUserEntity(user: MirroredUser, table: string): TableEntity {
  const location = { table, partitionKey: encodeKey(user.sourceTenantId), rowKey: encodeKey(user.userId) };
  return {
    partitionKey: location.partitionKey,
    rowKey: location.rowKey,
    attributes: toJsonProperty(user.attributes, 'attributes', location),
    hash: user.hash,
    version: user.version,
    state: user.state,
    lastSeenAt: user.lastSeenAt,
    lastSeenRound: user.lastSeenRound,
    published: toJsonProperty(user.published, 'published', location),
  };
}

/** Maps a row back to a stored mirrored user; a corrupted row is a SyncError naming table and keys. */
export function fromMirroredUserRow(row: Row, location: RowLocation): Stored<MirroredUser> {
  const { partitionKey, rowKey, etag, ...rest } = parseRow(mirroredUserRowSchema, row, location);
  return {
    value: { sourceTenantId: decodeKey(partitionKey), userId: decodeKey(rowKey), ...rest },
    etag,
  };
}

/** Creates the Table Storage {@link SourceMirror}. */
export function createTableSourceMirror(
  clients: TableClients,
  { pageSize = 200 }: TableSourceMirrorOptions = {},
): SourceMirror {
  return createKeyedStore(
    clients,
    { table: 'sourceUsers', toEntity: toMirroredUserEntity, fromRow: fromMirroredUserRow },
    pageSize,
  );
}
