import { describe, expect, it } from 'vitest';
import { createTableStateStore } from '../../../src/adapters/tables/create-table-state-store.js';
import {
  createTableProvisioningLog,
  logDaysBetween,
} from '../../../src/adapters/tables/table-provisioning-log.js';
import { runProvisioningLogContract } from '../../support/contracts/provisioning-log.contract.js';
import { aLogEntry } from '../../support/contracts/state-samples.js';
import { createTestTableClients } from '../../support/test-tables.js';

runProvisioningLogContract('Table provisioning log on Azurite', (options) =>
  Promise.resolve(createTableStateStore(createTestTableClients(), options).provisioningLog),
);

describe('createTableProvisioningLog', () => {
  it('writes entries to a partition per sync and UTC day, newest first within it', async () => {
    const clients = createTestTableClients();
    const log = createTableProvisioningLog(clients);
    await log.append(aLogEntry({ id: 'early', at: '2025-03-01T23:59:59.000Z' }));
    await log.append(aLogEntry({ id: 'late', at: '2025-03-01T23:59:59.999Z' }));
    await log.append(aLogEntry({ id: 'next-day', at: '2025-03-02T00:00:00.000Z' }));

    const rows = [];
    for await (const row of (await clients.get('provisioningLog')).listEntities()) rows.push(row);
    expect(rows.map((row) => [row.partitionKey, row.entryId])).toEqual([
      ['prod-to-test:20250301', 'late'],
      ['prod-to-test:20250301', 'early'],
      ['prod-to-test:20250302', 'next-day'],
    ]);
    const index = [];
    for await (const row of (await clients.get('provisioningLogDays')).listEntities()) index.push(row);
    expect(index.map((row) => [row.partitionKey, row.rowKey])).toEqual([
      ['20250301', 'prod-to-test'],
      ['20250302', 'prod-to-test'],
    ]);
  });
});

describe('logDaysBetween', () => {
  it('lists the UTC days from until back to since', () => {
    expect(logDaysBetween(new Date('2025-02-27T23:00:00Z'), new Date('2025-03-01T00:30:00Z'))).toEqual([
      '20250301',
      '20250228',
      '20250227',
    ]);
  });
});
