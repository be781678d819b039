/**
 * The get / conditional save / paged list that every keyed store shares (links, the source mirror…): the
 * row for (partition, row) keys, written with the port's ETag rule, and one partition listed page by page.
 * Each store brings only its table and its entity mapping.
 */
import { odata, type TableClient, type TableEntity } from '@azure/data-tables';
import type { Stored } from '../../app/ports.js';
import type { RowLocation } from './table-entities.js';
import type { LogicalTable, TableClients } from './table-clients.js';
import { encodeKey } from './table-keys.js';
import { getRow, listRowPage, saveRow, type Row } from './table-rows.js';

export interface KeyedStoreMapping<T> {
  readonly table: LogicalTable;
  toEntity(value: T, tableName: string): TableEntity;
  fromRow(row: Row, location: RowLocation): Stored<T>;
}

export interface KeyedStore<T> {
  get(partition: string, row: string): Promise<Stored<T> | null>;
  save(value: T, etag: string | null): Promise<string>;
  list(
    partition: string,
    continuationToken?: string,
  ): Promise<{ readonly items: readonly Stored<T>[]; readonly continuationToken?: string }>;
}

/** Builds the shared operations over `clients` for one mapping. */
export function createKeyedStore<T>(
  clients: TableClients,
  mapping: KeyedStoreMapping<T>,
  pageSize: number,
): KeyedStore<T> {
  const table = (): Promise<TableClient> => clients.get(mapping.table);
  return {
    async get(partition, row) {
      const client = await table();
      const location = {
        table: client.tableName,
        partitionKey: encodeKey(partition),
        rowKey: encodeKey(row),
      };
      const found = await getRow(client, location.partitionKey, location.rowKey);
      return found && mapping.fromRow(found, location);
    },
    async save(value, etag) {
      const client = await table();
      return saveRow(client, mapping.toEntity(value, client.tableName), etag);
    },
    async list(partition, continuationToken) {
      const client = await table();
      const partitionKey = encodeKey(partition);
      const page = await listRowPage(
        client,
        odata`PartitionKey eq ${partitionKey}`,
        pageSize,
        continuationToken,
      );
      const items = page.rows.map((row) =>
        mapping.fromRow(row, { table: client.tableName, partitionKey, rowKey: row.rowKey }),
      );
      return page.continuationToken === undefined
        ? { items }
        : { items, continuationToken: page.continuationToken };
    },
  };
}
