import { describe, expect, it } from 'vitest';
import { createTableCursorStore } from '../../../src/adapters/tables/table-cursor-store.js';
import { createTableStateStore } from '../../../src/adapters/tables/create-table-state-store.js';
import { runCursorStoreContract } from '../../support/contracts/cursor-store.contract.js';
import { aCursor } from '../../support/contracts/state-samples.js';
import { createTestTableClients } from '../../support/test-tables.js';

runCursorStoreContract('Table cursors on Azurite', (options) =>
  Promise.resolve(createTableStateStore(createTestTableClients(), options).cursors),
);

describe('createTableCursorStore', () => {
  it('stores the cursor under the escaped tenant id with RowKey users', async () => {
    const clients = createTestTableClients();
    await createTableCursorStore(clients).save(aCursor({ sourceTenantId: 'a/b#c' }), null);
    const row = await (await clients.get('cursors')).getEntity('a!2fb!23c', 'users');
    expect(row.link).toBe(aCursor().link);
  });

  it('reports a corrupted row with its table and keys', async () => {
    const clients = createTestTableClients();
    const table = await clients.get('cursors');
    await table.createEntity({ partitionKey: 'tenant-1', rowKey: 'users', link: 'x', roundComplete: 'yes' });

    await expect(createTableCursorStore(clients).get('tenant-1')).rejects.toMatchObject({
      code: 'STATE.UNAVAILABLE',
      retryable: false,
      message: expect.stringMatching(
        new RegExp(`Table ${table.tableName}.*PartitionKey 'tenant-1', RowKey 'users'.*roundComplete`),
      ) as unknown,
    });
  });
});
