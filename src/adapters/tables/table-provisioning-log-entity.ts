/**
 * The row of one provisioning-log entry: PartitionKey `<syncId>:<yyyymmdd>`, RowKey inverted time + `_` +
 * entry id, every field a property (so `sourceUserId` can be filtered on), changed attributes as JSON.
 */
import type { TableEntity } from '@azure/data-tables';
import { z } from 'zod';
import type { ProvisioningLogEntry } from '../../app/ports.js';
import {
  assertPropertySize,
  isoTimestampSchema,
  jsonTextSchema,
  parseRow,
  toJsonProperty,
  type RowLocation,
} from './table-entities.js';
import { encodeKey, invertedTimeKey } from './table-keys.js';
import type { Row } from './table-rows.js';

const orNull = <T>(schema: z.ZodType<T>) => schema.nullish().transform((value) => value ?? null);

const logRowSchema = z.object({
  entryId: z.string(),
  at: isoTimestampSchema,
  syncId: z.string(),
  sourceTenantId: z.string(),
  targetTenantId: z.string(),
  sourceUserId: z.string(),
  targetUserId: orNull(z.string()),
  action: z.enum(['create', 'adopt', 'update', 'disable', 'restore', 'delete', 'none']),
  outcome: z.enum(['success', 'failure', 'skipped']),
  reason: z.string(),
  changedAttributes: jsonTextSchema(z.array(z.string())),
  graphWrites: z.number().int().min(0),
  durationMs: z.number().min(0),
  correlationId: z.string(),
  errorCode: orNull(z.string()),
  errorMessage: orNull(z.string()),
});

/** `yyyymmdd` of the UTC day `at` falls on: the day part of the entry's PartitionKey. */
export function logDay(at: Date): string {
  return at.toISOString().slice(0, 10).replaceAll('-', '');
}

/**
 * Maps a log entry to its row.
 *
 * @throws SyncError `STATE.UNAVAILABLE` (not retryable) when a text field exceeds the 64 KiB property limit.
 */
export function toLogEntity(entry: ProvisioningLogEntry, table: string): TableEntity {
  const at = new Date(entry.at);
  const location = {
    table,
    partitionKey: encodeKey(`${entry.syncId}:${logDay(at)}`),
    rowKey: `${invertedTimeKey(at)}_${encodeKey(entry.id)}`,
  };
  assertPropertySize(entry.reason, 'reason', location);
  if (entry.errorMessage !== null) assertPropertySize(entry.errorMessage, 'errorMessage', location);
  const { id, changedAttributes, targetUserId, errorCode, errorMessage, ...rest } = entry;
  return {
    ...location,
    entryId: id,
    ...rest,
    changedAttributes: toJsonProperty(changedAttributes, 'changedAttributes', location),
    ...(targetUserId === null ? {} : { targetUserId }),
    ...(errorCode === null ? {} : { errorCode }),
    ...(errorMessage === null ? {} : { errorMessage }),
  };
}

/** Maps a row back to a log entry; a corrupted row is a SyncError naming table and keys. */
export function fromLogRow(row: Row, location: RowLocation): ProvisioningLogEntry {
  const { entryId, ...rest } = parseRow(logRowSchema, row, location);
  return { id: entryId, ...rest };
}
