import { describe, expect, it } from 'vitest';
import { createTableStateStore } from '../../../src/adapters/tables/create-table-state-store.js';
import { createTableLinkStore } from '../../../src/adapters/tables/table-link-store.js';
import { runLinkStoreContract } from '../../support/contracts/link-store.contract.js';
import { aLink } from '../../support/contracts/state-samples.js';
import { createTestTableClients } from '../../support/test-tables.js';

runLinkStoreContract('Table links on Azurite', (options) =>
  Promise.resolve(createTableStateStore(createTestTableClients(), options).links),
);

describe('createTableLinkStore', () => {
  it('leaves null fields out of the row', async () => {
    const clients = createTestTableClients();
    await createTableLinkStore(clients).save(aLink({ targetUserId: null, lastError: null }), null);
    const row = await (await clients.get('links')).getEntity(aLink().syncId, aLink().sourceUserId);
    expect(Object.keys(row)).not.toContain('targetUserId');
    expect(Object.keys(row)).not.toContain('lastError');
  });

  it('refuses a continuation token it did not issue', async () => {
    const links = createTableLinkStore(createTestTableClients());
    await expect(links.list('prod-to-test', 'not-a-token')).rejects.toMatchObject({
      code: 'STATE.UNAVAILABLE',
      retryable: false,
    });
  });
});
