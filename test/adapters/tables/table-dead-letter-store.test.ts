import { describe, expect, it } from 'vitest';
import { createTableStateStore } from '../../../src/adapters/tables/create-table-state-store.js';
import { createTableDeadLetterStore } from '../../../src/adapters/tables/table-dead-letter-store.js';
import { runDeadLetterStoreContract } from '../../support/contracts/dead-letter-store.contract.js';
import { aDeadLetter } from '../../support/contracts/state-samples.js';
import { createTestTableClients } from '../../support/test-tables.js';

runDeadLetterStoreContract('Table dead letters on Azurite', (options) =>
  Promise.resolve(createTableStateStore(createTestTableClients(), options).deadLetters),
);

describe('createTableDeadLetterStore', () => {
  it('refuses a body larger than one row can hold, naming the row', async () => {
    const letters = createTableDeadLetterStore(createTestTableClients());
    await expect(letters.put(aDeadLetter({ body: 'x'.repeat(500 * 1024) }))).rejects.toMatchObject({
      code: 'STATE.UNAVAILABLE',
      retryable: false,
      message: expect.stringMatching(
        /deadLetters: write \(PartitionKey 'prod-to-test'.*message body/,
      ) as unknown,
    });
  });
});
