import { connect, createServer, type AddressInfo, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createTableClients } from '../../../src/adapters/tables/table-clients.js';
import { aTablePrefix, testTablesConnectionString } from '../../support/test-tables.js';

describe('createTableClients', () => {
  it.each(['1abc', 'with-dash', 'x'.repeat(45)])('rejects the table prefix %j', (tablePrefix) => {
    expect(() =>
      createTableClients({ connectionString: testTablesConnectionString() }, { tablePrefix }),
    ).toThrow(expect.objectContaining({ code: 'CONFIG.INVALID' }));
  });

  it('names each table with the prefix and creates it on first use', async () => {
    const tablePrefix = aTablePrefix();
    const clients = createTableClients({ connectionString: testTablesConnectionString() }, { tablePrefix });
    expect(clients.tableName('links')).toBe(`${tablePrefix}links`);

    const links = await clients.get('links');
    await links.createEntity({ partitionKey: 'p', rowKey: 'r' });
    expect(await clients.get('links')).toBe(links);
  });

  it('treats a table created by another process as ready', async () => {
    const tablePrefix = aTablePrefix();
    const connection = { connectionString: testTablesConnectionString() };
    await (
      await createTableClients(connection, { tablePrefix }).get('cursors')
    ).createEntity({
      partitionKey: 'p',
      rowKey: 'r',
    });

    const second = await createTableClients(connection, { tablePrefix }).get('cursors');
    expect((await second.getEntity('p', 'r')).rowKey).toBe('r');
  });

  it('reports an unreachable account as retryable STATE.UNAVAILABLE and tries again on the next use', async () => {
    // A loopback proxy to the test Azurite that refuses connections until `reachable` is set.
    const azurite = new URL(/TableEndpoint=([^;]+)/.exec(testTablesConnectionString())?.[1] ?? '');
    let reachable = false;
    const sockets = new Set<Socket>();
    const proxy = createServer((socket) => {
      sockets.add(socket);
      if (!reachable) {
        socket.destroy();
        return;
      }
      const upstream = connect(Number(azurite.port), azurite.hostname);
      sockets.add(upstream);
      socket.pipe(upstream).pipe(socket);
      socket.on('error', () => upstream.destroy());
      upstream.on('error', () => socket.destroy());
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = proxy.address() as AddressInfo;
      const connectionString = testTablesConnectionString().replace(azurite.host, `127.0.0.1:${port}`);
      const clients = createTableClients(
        { connectionString },
        {
          tablePrefix: aTablePrefix(),
          clientOptions: { retryOptions: { maxRetries: 0 } },
        },
      );

      await expect(clients.get('links')).rejects.toMatchObject({
        code: 'STATE.UNAVAILABLE',
        retryable: true,
      });
      reachable = true;
      await (await clients.get('links')).createEntity({ partitionKey: 'p', rowKey: 'r' });
    } finally {
      proxy.close();
      for (const socket of sockets) socket.destroy();
    }
  });
});
