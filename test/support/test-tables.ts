import { randomBytes } from 'node:crypto';
import {
  createTableClients,
  type TableClients,
  type TableClientsOptions,
} from '../../src/adapters/tables/table-clients.js';

/** The connection string of the Azurite the global setup started for this test run. */
export function testTablesConnectionString(): string {
  const connectionString = process.env.XTSYNC_TEST_TABLES_CONNECTION;
  if (!connectionString) {
    throw new Error('XTSYNC_TEST_TABLES_CONNECTION is not set: run the tests through vitest (global setup).');
  }
  return connectionString;
}

/** A random table prefix, so tests never see each other's rows. */
export function aTablePrefix(): string {
  return `t${randomBytes(6).toString('hex')}`;
}

/**
 * Table clients on the test run's Azurite, under a fresh random prefix: every call sees empty tables.
 */
export function createTestTableClients(options: Omit<TableClientsOptions, 'tablePrefix'> = {}): TableClients {
  return createTableClients(
    { connectionString: testTablesConnectionString() },
    { ...options, tablePrefix: aTablePrefix() },
  );
}
