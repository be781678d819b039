import { describe, expect, it } from 'vitest';
import { createTableStateStore } from '../../../src/adapters/tables/create-table-state-store.js';
import { createTableTopologyStore } from '../../../src/adapters/tables/table-topology-store.js';
import { runTopologyStoreContract } from '../../support/contracts/topology-store.contract.js';
import { createTestTableClients } from '../../support/test-tables.js';

runTopologyStoreContract('Table topology on Azurite', (options) =>
  Promise.resolve(createTableStateStore(createTestTableClients(), options).topology),
);

describe('createTableTopologyStore', () => {
  it('keeps one row per version and an active row in partition topology', async () => {
    const clients = createTestTableClients();
    const store = createTableTopologyStore(clients);
    await store.saveVersion({ source: 'syncs: []\n', appliedBy: 'ops' });
    await store.saveVersion({ source: 'syncs: [a]\n', appliedBy: 'ops' });

    const rows = [];
    for await (const row of (await clients.get('topology')).listEntities()) rows.push(row);
    expect(rows.map((row) => [row.partitionKey, row.rowKey])).toEqual([
      ['topology', 'active'],
      ['topology', 'v0000000001'],
      ['topology', 'v0000000002'],
    ]);
    expect(rows[0]?.version).toBe(2);
  });

  it('gives up with a retryable conflict when it keeps losing the race', async () => {
    const clients = createTestTableClients();
    const racing = createTableTopologyStore(clients, { maxAttempts: 1 });
    const results = await Promise.allSettled(
      [1, 2, 3].map((n) => racing.saveVersion({ source: `v${n}`, appliedBy: 'ops' })),
    );
    const rejected = results.filter((result) => result.status === 'rejected');
    expect(rejected.length).toBeGreaterThan(0);
    for (const result of rejected) {
      expect(result.reason).toMatchObject({ code: 'STATE.CONFLICT', retryable: true });
    }
  });
});
