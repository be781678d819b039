import { describe, expect, it } from 'vitest';
import { createTableClients } from '../../../src/adapters/tables/table-clients.js';
import { createTableStorageProbe } from '../../../src/adapters/tables/table-storage-probe.js';
import { createTestTableClients } from '../../support/test-tables.js';

describe('createTableStorageProbe', () => {
  it('reads the topology table of a reachable account (Azurite)', async () => {
    const tables = createTestTableClients();

    const result = await createTableStorageProbe(tables).probeTables();

    expect(result).toEqual({ ok: true, detail: `Read table ${tables.tableName('topology')}.` });
  });

  it('reports an account that does not answer as unreachable, within its time limit', async () => {
    const tables = createTableClients(
      {
        connectionString:
          'DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;' +
          'AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;' +
          'TableEndpoint=http://127.0.0.1:1/devstoreaccount1;',
      },
      { clientOptions: { retryOptions: { maxRetries: 0 } } },
    );
    const started = Date.now();

    const result = await createTableStorageProbe(tables, { timeoutMs: 2000 }).probeTables();

    expect(result).toMatchObject({ ok: false, problem: 'unreachable' });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(JSON.stringify(result)).not.toContain('Eby8vdM02x');
  });
});
