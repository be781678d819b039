import { describe, expect, it } from 'vitest';
import { createTableStateStore } from '../../../src/adapters/tables/create-table-state-store.js';
import { createTableSourceMirror } from '../../../src/adapters/tables/table-source-mirror.js';
import { runSourceMirrorContract } from '../../support/contracts/source-mirror.contract.js';
import { aMirroredUser } from '../../support/contracts/state-samples.js';
import { createTestTableClients } from '../../support/test-tables.js';

runSourceMirrorContract('Table source mirror on Azurite', (options) =>
  Promise.resolve(createTableStateStore(createTestTableClients(), options).sourceMirror),
);

describe('createTableSourceMirror', () => {
  it('refuses attributes beyond the 64 KiB property limit with a message naming the property', async () => {
    const mirror = createTableSourceMirror(createTestTableClients());
    const user = aMirroredUser({ attributes: { aboutMe: 'x'.repeat(40_000) } });

    await expect(mirror.save(user, null)).rejects.toMatchObject({
      code: 'STATE.UNAVAILABLE',
      retryable: false,
      message: expect.stringContaining('property attributes is 80') as unknown,
    });
  });

  it('reports a row whose attributes are not JSON as corrupted', async () => {
    const clients = createTestTableClients();
    const table = await clients.get('sourceUsers');
    const { partitionKey, rowKey, ...rest } = {
      partitionKey: 'tenant-1',
      rowKey: 'user-1',
      ...aMirroredUser(),
    };
    await table.createEntity({ partitionKey, rowKey, ...rest, attributes: '{not json', published: '{}' });

    await expect(createTableSourceMirror(clients).get('tenant-1', 'user-1')).rejects.toThrow(
      /holds a corrupted row: attributes: is not valid JSON/,
    );
  });
});
