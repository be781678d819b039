import { createTableLeaseStore } from '../../../src/adapters/tables/table-lease-store.js';
import { runLeaseStoreContract } from '../../support/contracts/lease-store.contract.js';
import { createTestTableClients } from '../../support/test-tables.js';

runLeaseStoreContract('Table leases on Azurite', () =>
  Promise.resolve(createTableLeaseStore(createTestTableClients())),
);
