/**
 * The row operations every store uses, with xtsync's ETag rule and error mapping applied once: `etag: null`
 * creates (the row must not exist), an ETag replaces only that version, a lost race is `STATE.CONFLICT`.
 */
import type { TableClient, TableEntity, TableEntityResult } from '@azure/data-tables';
import { z } from 'zod';
import { SyncError } from '../../core/sync-errors.js';
import { isNotFound, readOrNull, toStateError, withStateErrors } from './table-errors.js';

/** A row as read back: its properties plus `etag`, `partitionKey`, `rowKey`. */
export type Row = TableEntityResult<Record<string, unknown>> & {
  readonly partitionKey: string;
  readonly rowKey: string;
  readonly etag: string;
};

/** One page of rows and the token for the next, if any. */
export interface RowPage {
  readonly rows: readonly Row[];
  readonly continuationToken?: string;
}

/**
 * Writes `entity` if it does not exist (`etag: null`) or replaces the version `etag` names.
 *
 * @returns the new ETag.
 * @throws SyncError `STATE.CONFLICT` (retryable) when the row exists already, changed or disappeared.
 */
export async function saveRow(
  client: TableClient,
  entity: TableEntity,
  etag: string | null,
): Promise<string> {
  const operation = {
    table: client.tableName,
    partitionKey: entity.partitionKey,
    rowKey: entity.rowKey,
    conditional: true,
  };
  const response =
    etag === null
      ? await withStateErrors(() => client.createEntity(entity), { ...operation, operation: 'create' })
      : await withStateErrors(() => client.updateEntity(entity, 'Replace', { etag }), {
          ...operation,
          operation: 'replace',
        });
  return requireEtag(response.etag, client.tableName);
}

/** Inserts or replaces `entity` regardless of its current version; returns the new ETag. */
export async function upsertRow(client: TableClient, entity: TableEntity): Promise<string> {
  const response = await withStateErrors(() => client.upsertEntity(entity, 'Replace'), {
    table: client.tableName,
    operation: 'upsert',
    partitionKey: entity.partitionKey,
    rowKey: entity.rowKey,
  });
  return requireEtag(response.etag, client.tableName);
}

/** Reads one row; `null` when it does not exist. */
export function getRow(client: TableClient, partitionKey: string, rowKey: string): Promise<Row | null> {
  return readOrNull(
    () => client.getEntity(partitionKey, rowKey).then((entity) => toRow(entity, client.tableName)),
    {
      table: client.tableName,
      operation: 'get',
      partitionKey,
      rowKey,
    },
  );
}

/** Deletes one row; a row that is already gone is not an error. */
export async function deleteRow(client: TableClient, partitionKey: string, rowKey: string): Promise<void> {
  try {
    await client.deleteEntity(partitionKey, rowKey);
  } catch (error) {
    if (isNotFound(error)) return;
    throw toStateError(error, { table: client.tableName, operation: 'delete', partitionKey, rowKey });
  }
}

const continuationTokenSchema = z.object({ nextPartitionKey: z.string(), nextRowKey: z.string().optional() });

/**
 * Reads one page of the rows matching `filter` (an `odata` expression; empty = all), in key order. Empty pages the
 * service returns mid-query are skipped, so a page is empty only at the end.
 *
 * @throws SyncError `STATE.UNAVAILABLE` (not retryable) for a continuation token this store did not issue.
 */
export async function listRowPage(
  client: TableClient,
  filter: string,
  pageSize: number,
  continuationToken?: string,
): Promise<RowPage> {
  if (continuationToken !== undefined) assertContinuationToken(continuationToken, client.tableName);
  let token = continuationToken;
  for (;;) {
    const page = await withStateErrors(
      async () => {
        const pages = client
          .listEntities({ queryOptions: filter ? { filter } : {} })
          .byPage({ maxPageSize: pageSize, continuationToken: token });
        const result = await pages.next();
        return result.done ? undefined : result.value;
      },
      { table: client.tableName, operation: 'query' },
    );
    token = page?.continuationToken;
    const rows = (page ?? []).map((entity) => toRow(entity, client.tableName));
    if (rows.length > 0 || token === undefined)
      return token === undefined ? { rows } : { rows, continuationToken: token };
  }
}

/** Reads every row matching `filter`, page by page. */
export async function listAllRows(client: TableClient, filter: string, pageSize = 1000): Promise<Row[]> {
  const rows: Row[] = [];
  let token: string | undefined;
  do {
    const page = await listRowPage(client, filter, pageSize, token);
    rows.push(...page.rows);
    token = page.continuationToken;
  } while (token !== undefined);
  return rows;
}

function assertContinuationToken(token: string, table: string): void {
  try {
    continuationTokenSchema.parse(JSON.parse(Buffer.from(token, 'base64').toString('utf8')));
  } catch {
    throw new SyncError('STATE.UNAVAILABLE', `Table ${table}: the continuation token is not one it issued.`, {
      retryable: false,
      details: { table },
    });
  }
}

// The service always returns keys and an ETag with a row; the SDK types them as optional.
function toRow(entity: TableEntityResult<Record<string, unknown>>, table: string): Row {
  const { partitionKey, rowKey, etag } = entity;
  if (partitionKey === undefined || rowKey === undefined) {
    throw new SyncError('STATE.UNAVAILABLE', `Table ${table}: the service returned a row without keys.`, {
      details: { table },
    });
  }
  return { ...entity, partitionKey, rowKey, etag };
}

function requireEtag(etag: string | undefined, table: string): string {
  if (etag === undefined) {
    throw new SyncError('STATE.UNAVAILABLE', `Table ${table}: the service returned no ETag for a write.`, {
      retryable: false,
      details: { table },
    });
  }
  return etag;
}
