/**
 * One `TableClient` per logical table of xtsync, over a connection string (local, Azurite) or an endpoint
 * with a credential (managed identity in Azure). A table prefix lets several deployments, or several test
 * files, share one storage account without seeing each other's rows.
 */
import { TableClient, type NamedKeyCredential, type TableServiceClientOptions } from '@azure/data-tables';
import type { TokenCredential } from '@azure/identity';
import { SyncError } from '../../core/sync-errors.js';
import { withStateErrors } from './table-errors.js';

/** The tables xtsync keeps its state in (docs/architecture.md, "Tables"). */
export type LogicalTable =
  | 'cursors'
  | 'sourceUsers'
  | 'links'
  | 'subscriptions'
  | 'provisioningLog'
  | 'provisioningLogDays'
  | 'deadLetters'
  | 'topology'
  | 'jobs'
  | 'syncControl'
  | 'guards'
  | 'syncCounters'
  | 'leases';

/** Every {@link LogicalTable}. */
export const LOGICAL_TABLES: readonly LogicalTable[] = [
  'cursors',
  'sourceUsers',
  'links',
  'subscriptions',
  'provisioningLog',
  'provisioningLogDays',
  'deadLetters',
  'topology',
  'jobs',
  'syncControl',
  'guards',
  'syncCounters',
  'leases',
];

/** How to reach the storage account. */
export type TableConnection =
  | { readonly connectionString: string }
  | { readonly endpoint: string; readonly credential: TokenCredential | NamedKeyCredential };

/** Options for {@link createTableClients}. */
export interface TableClientsOptions {
  /** Prepended to every table name: letters and digits, starting with a letter. */
  readonly tablePrefix?: string;
  /** Passed to every `TableClient` (retry policy, HTTP client). */
  readonly clientOptions?: TableServiceClientOptions;
}

/** Gives the client of each logical table, creating the table on first use. */
export interface TableClients {
  /** The physical name of a logical table (prefix + name). */
  tableName(table: LogicalTable): string;
  /**
   * The client of `table`, once the table exists (created once per instance; "already exists" is fine).
   *
   * @throws SyncError `STATE.UNAVAILABLE` when the table cannot be created.
   */
  get(table: LogicalTable): Promise<TableClient>;
}

const PREFIX = /^([A-Za-z][A-Za-z0-9]*)?$/;
const MAX_TABLE_NAME = 63;

/**
 * Builds the table clients of one storage account. `allowInsecureConnection` is set only for `http`
 * endpoints (Azurite).
 *
 * @throws SyncError `CONFIG.INVALID` when the prefix would make an invalid table name.
 */
export function createTableClients(
  connection: TableConnection,
  { tablePrefix = '', clientOptions = {} }: TableClientsOptions = {},
): TableClients {
  const longest = Math.max(...LOGICAL_TABLES.map((table) => table.length));
  if (!PREFIX.test(tablePrefix) || tablePrefix.length + longest > MAX_TABLE_NAME) {
    throw new SyncError(
      'CONFIG.INVALID',
      `Table prefix '${tablePrefix}' is invalid: use letters and digits, starting with a letter, ` +
        `at most ${MAX_TABLE_NAME - longest} characters (table names are 3–63 alphanumerics).`,
    );
  }
  const tableName = (table: LogicalTable): string => `${tablePrefix}${table}`;
  const newClient = (name: string): TableClient => {
    if ('connectionString' in connection) {
      const allowInsecureConnection = isHttpConnectionString(connection.connectionString);
      return TableClient.fromConnectionString(connection.connectionString, name, {
        ...clientOptions,
        allowInsecureConnection,
      });
    }
    const options = { ...clientOptions, allowInsecureConnection: connection.endpoint.startsWith('http:') };
    // Two calls because the SDK declares one constructor overload per credential kind.
    return 'getToken' in connection.credential
      ? new TableClient(connection.endpoint, name, connection.credential, options)
      : new TableClient(connection.endpoint, name, connection.credential, options);
  };

  const ready = new Map<LogicalTable, Promise<TableClient>>();
  return {
    tableName,
    get(table) {
      let client = ready.get(table);
      if (!client) {
        const name = tableName(table);
        const created = newClient(name);
        client = withStateErrors(() => created.createTable(), {
          table: name,
          operation: 'create table',
        }).then(() => created);
        // A failed creation is forgotten so the next call tries again.
        client.catch(() => ready.delete(table));
        ready.set(table, client);
      }
      return client;
    },
  };
}

/** True when the connection string points at an `http` table endpoint (Azurite, development storage). */
function isHttpConnectionString(connectionString: string): boolean {
  const settings = new Map<string, string>();
  for (const part of connectionString.split(';')) {
    const separator = part.indexOf('=');
    if (separator > 0)
      settings.set(part.slice(0, separator).trim().toLowerCase(), part.slice(separator + 1).trim());
  }
  const endpoint = settings.get('tableendpoint');
  if (endpoint !== undefined) return endpoint.toLowerCase().startsWith('http:');
  return (
    settings.get('usedevelopmentstorage')?.toLowerCase() === 'true' ||
    settings.get('defaultendpointsprotocol')?.toLowerCase() === 'http'
  );
}
