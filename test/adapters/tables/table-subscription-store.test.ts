import { describe, expect, it } from 'vitest';
import { createTableStateStore } from '../../../src/adapters/tables/create-table-state-store.js';
import { createTableSubscriptionStore } from '../../../src/adapters/tables/table-subscription-store.js';
import { isSyncError } from '../../../src/core/sync-errors.js';
import { runSubscriptionStoreContract } from '../../support/contracts/subscription-store.contract.js';
import { createTestTableClients } from '../../support/test-tables.js';

runSubscriptionStoreContract('Table subscriptions on Azurite', (options) =>
  Promise.resolve(createTableStateStore(createTestTableClients(), options).subscriptions),
);

describe('createTableSubscriptionStore', () => {
  it('never quotes the client state when a row is corrupted', async () => {
    const clients = createTestTableClients();
    const table = await clients.get('subscriptions');
    await table.createEntity({
      partitionKey: 'tenant-1',
      rowKey: 'sub-1',
      resource: 'users',
      clientState: 'very-secret-state',
      expiresAt: 'not a date',
    });

    const error: unknown = await createTableSubscriptionStore(clients)
      .get('sub-1')
      .catch((caught: unknown) => caught);

    expect(isSyncError(error, 'STATE.UNAVAILABLE')).toBe(true);
    expect((error as Error).message).toMatch(/expiresAt/);
    expect(JSON.stringify(error, Object.getOwnPropertyNames(error))).not.toContain('very-secret-state');
  });
});
