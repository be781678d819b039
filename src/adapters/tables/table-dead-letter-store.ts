/**
 * {@link DeadLetterStore} on Table Storage: table `deadLetters`, PartitionKey = scope (sync id or
 * `source-changes`), RowKey = message id. The body is JSON text split over several properties, so a message
 * as large as Service Bus allows (256 KB) still fits one row.
 */
import { odata, type TableClient, type TableEntity } from '@azure/data-tables';
import { z } from 'zod';
import type { DeadLetter, DeadLetterStore } from '../../app/ports.js';
import { SyncError } from '../../core/sync-errors.js';
import {
  assertPropertySize,
  isoTimestampSchema,
  jsonTextSchema,
  MAX_SPLIT_TEXT_CHARS,
  parseRow,
  splitText,
  withJoinedText,
  type RowLocation,
} from './table-entities.js';
import type { TableClients } from './table-clients.js';
import { describeOperation } from './table-errors.js';
import { decodeKey, encodeKey } from './table-keys.js';
import { deleteRow, listAllRows, upsertRow, type Row } from './table-rows.js';

const deadLetterRowSchema = withJoinedText(
  z.object({
    partitionKey: z.string(),
    rowKey: z.string(),
    body: jsonTextSchema(z.unknown()),
    reasonCode: z.string(),
    description: z.string(),
    at: isoTimestampSchema,
  }),
  'body',
);

/**
 * Maps a dead letter to its row.
 *
 * @throws SyncError `STATE.UNAVAILABLE` (not retryable) when the body or description is too large for a row.
 */
export function toDeadLetterEntity(letter: DeadLetter, table: string): TableEntity {
  const location = { table, partitionKey: encodeKey(letter.scope), rowKey: encodeKey(letter.id) };
  // JSON.stringify(undefined) is undefined; store it as null, which is how it reads back.
  const body = (JSON.stringify(letter.body) as string | undefined) ?? 'null';
  if (body.length > MAX_SPLIT_TEXT_CHARS) {
    throw new SyncError(
      'STATE.UNAVAILABLE',
      `${describeOperation({ ...location, operation: 'write' })}: the message body is ${body.length * 2} ` +
        `bytes; a dead-letter row holds at most ${MAX_SPLIT_TEXT_CHARS * 2}.`,
      { retryable: false, details: { table } },
    );
  }
  assertPropertySize(letter.description, 'description', location);
  return {
    partitionKey: location.partitionKey,
    rowKey: location.rowKey,
    ...splitText(body, 'body'),
    reasonCode: letter.reasonCode,
    description: letter.description,
    at: letter.at,
  };
}

/** Maps a row back to a dead letter; a corrupted row is a SyncError naming table and keys. */
export function fromDeadLetterRow(row: Row, location: RowLocation): DeadLetter {
  const { partitionKey, rowKey, ...rest } = parseRow(deadLetterRowSchema, row, location);
  return { id: decodeKey(rowKey), scope: decodeKey(partitionKey), ...rest };
}

/** Creates the Table Storage {@link DeadLetterStore}; `list` returns a scope's letters oldest first. */
export function createTableDeadLetterStore(clients: TableClients): DeadLetterStore {
  const table = (): Promise<TableClient> => clients.get('deadLetters');
  return {
    async put(letter) {
      // Upsert: the same message dead-lettered twice is one row.
      const client = await table();
      await upsertRow(client, toDeadLetterEntity(letter, client.tableName));
    },
    async list(scope) {
      const client = await table();
      const partitionKey = encodeKey(scope);
      const rows = await listAllRows(client, odata`PartitionKey eq ${partitionKey}`);
      return rows
        .map((row) => fromDeadLetterRow(row, { table: client.tableName, partitionKey, rowKey: row.rowKey }))
        .sort(byTimeThenId);
    },
    async remove(scope, id) {
      await deleteRow(await table(), encodeKey(scope), encodeKey(id));
    },
  };
}

/** Oldest first; ties by id, so the order is stable. */
export function byTimeThenId(a: DeadLetter, b: DeadLetter): number {
  return Date.parse(a.at) - Date.parse(b.at) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
