import { describe, expect, it } from 'vitest';
import { createTableStateStore } from '../../../src/adapters/tables/create-table-state-store.js';
import { createTableJobStore, jobRowKey } from '../../../src/adapters/tables/table-job-store.js';
import { aJob, runJobStoreContract } from '../../support/contracts/job-store.contract.js';
import { createTestTableClients } from '../../support/test-tables.js';

runJobStoreContract('Table jobs on Azurite', (options) =>
  Promise.resolve(createTableStateStore(createTestTableClients(), options).jobs),
);

describe('createTableJobStore', () => {
  it('keeps a record row and an index row per job in one partition, and leaves null fields out', async () => {
    const clients = createTestTableClients();
    await createTableJobStore(clients).create(aJob());

    const rows = [];
    for await (const row of (await clients.get('jobs')).listEntities()) rows.push(row);
    expect(rows.map((row) => [row.partitionKey, row.rowKey?.slice(0, 4)])).toEqual([
      ['jobs', 'idx_'],
      ['jobs', 'job_'],
    ]);
    const record = rows.find((row) => row.rowKey === jobRowKey(aJob().id));
    expect(Object.keys(record ?? {})).not.toContain('startedAt');
    expect(Object.keys(record ?? {})).not.toContain('errorCode');
  });

  it('reports a corrupted record with its table and keys', async () => {
    const clients = createTestTableClients();
    const store = createTableJobStore(clients);
    await store.create(aJob());
    const client = await clients.get('jobs');
    await client.updateEntity(
      { partitionKey: 'jobs', rowKey: jobRowKey(aJob().id), status: 'exploded' },
      'Merge',
    );

    await expect(store.get(aJob().id)).rejects.toMatchObject({
      code: 'STATE.UNAVAILABLE',
      message: expect.stringContaining(jobRowKey(aJob().id)) as unknown,
    });
  });
});
