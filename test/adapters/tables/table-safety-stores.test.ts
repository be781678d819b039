import { describe, expect, it } from 'vitest';
import { createTableStateStore } from '../../../src/adapters/tables/create-table-state-store.js';
import { createTableSyncCounterStore } from '../../../src/adapters/tables/table-sync-counter-store.js';
import { runGuardStoreContract } from '../../support/contracts/guard-store.contract.js';
import { runStateCensusContract } from '../../support/contracts/state-census.contract.js';
import { runSyncControlStoreContract } from '../../support/contracts/sync-control-store.contract.js';
import { runSyncCounterStoreContract } from '../../support/contracts/sync-counter-store.contract.js';
import { createTestTableClients } from '../../support/test-tables.js';

runSyncControlStoreContract('Table sync control on Azurite', (options) =>
  Promise.resolve(createTableStateStore(createTestTableClients(), options).syncControls),
);
runSyncCounterStoreContract('Table sync counters on Azurite', (options) =>
  Promise.resolve(createTableStateStore(createTestTableClients(), options).syncCounters),
);
runGuardStoreContract('Table guards on Azurite', (options) =>
  Promise.resolve(createTableStateStore(createTestTableClients(), options).guards),
);
runStateCensusContract('Table census on Azurite', (options) =>
  Promise.resolve(createTableStateStore(createTestTableClients(), options)),
);

describe('createTableSyncCounterStore', () => {
  it('loses no increment when several instances count the same sync at once', async () => {
    const clients = createTestTableClients();
    const first = createTableSyncCounterStore(clients);
    const second = createTableSyncCounterStore(clients);
    const at = new Date('2025-03-01T11:59:10Z');
    await Promise.all(
      Array.from({ length: 12 }, (_, index) =>
        (index % 2 === 0 ? first : second).add('prod-to-test', 'attempts', at),
      ),
    );
    expect(await first.sum('prod-to-test', 'attempts', new Date('2025-03-01T11:00:00Z'))).toBe(12);
  });

  it('deletes buckets older than the retention when a new bucket starts', async () => {
    const clients = createTestTableClients();
    const store = createTableSyncCounterStore(clients, { retainMs: 60 * 60_000 });
    await store.add('prod-to-test', 'failures', new Date('2025-03-01T09:00:00Z'), 5);
    await store.add('prod-to-test', 'failures', new Date('2025-03-01T12:00:00Z'));

    expect(await store.sum('prod-to-test', 'failures', new Date('2025-03-01T00:00:00Z'))).toBe(1);
  });
});
