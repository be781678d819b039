import { TableClient } from '@azure/data-tables';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { connect, createServer, type AddressInfo, type Server } from 'node:net';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { startAzurite } from '../../src/local/azurite.js';

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      resolve();
    });
  });
}

const fixture = fileURLToPath(new URL('./fixtures/azurite-parent.ts', import.meta.url));

async function isListening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => {
      resolve(false);
    });
  });
}

async function waitUntilClosed(port: number, timeoutMs = 8000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!(await isListening(port))) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return false;
}

/** Starts the fixture and resolves with its process and the port of the Azurite it started. */
async function startParent(mode: 'crash' | 'wait') {
  const parent = spawn(process.execPath, ['--import', 'tsx', fixture, mode], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = once(parent, 'exit');
  parent.stdout.setEncoding('utf8');
  let output = '';
  const port = await new Promise<number>((resolve, reject) => {
    parent.stdout.on('data', (chunk: string) => {
      output += chunk;
      const match = /^(\d+)\n/.exec(output);
      if (match) resolve(Number(match[1]));
    });
    void exited.then(() => {
      reject(new Error(`fixture exited before printing a port: ${output}`));
    });
  });
  return { parent, port, exited };
}

describe('startAzurite', () => {
  it('serves tables on a free loopback port and releases the port when stopped', async () => {
    const azurite = await startAzurite();
    try {
      expect(azurite.tableEndpoint).toBe(`http://127.0.0.1:${azurite.port}/devstoreaccount1`);
      expect(azurite.connectionString).toContain(`TableEndpoint=${azurite.tableEndpoint};`);
      const client = TableClient.fromConnectionString(azurite.connectionString, 'launcherprobe', {
        allowInsecureConnection: true,
      });
      await client.createTable();
      await client.createEntity({ partitionKey: 'p', rowKey: 'r', value: 'kept' });
      expect((await client.getEntity<{ value: string }>('p', 'r')).value).toBe('kept');
    } finally {
      await azurite.stop();
    }
    await azurite.stop();

    const server = createServer();
    await listen(server, azurite.port);
    await new Promise((resolve) => server.close(resolve));
  });

  it('fails with a message naming the port and quoting Azurite when the port is taken', async () => {
    const blocker = createServer((socket) => socket.destroy());
    await listen(blocker, 0);
    const { port } = blocker.address() as AddressInfo;
    try {
      await expect(startAzurite({ port })).rejects.toThrow(
        new RegExp(`127\\.0\\.0\\.1:${port}\\) did not start[\\s\\S]*EADDRINUSE`),
      );
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });
  it.each([
    ['an uncaught exception', 'crash', undefined],
    ['SIGTERM', 'wait', 'SIGTERM'],
    ['SIGKILL', 'wait', 'SIGKILL'],
  ] as const)('stops Azurite when its parent ends with %s', async (_name, mode, signal) => {
    const { parent, port, exited } = await startParent(mode);
    try {
      expect(await isListening(port)).toBe(true);
      if (signal) parent.kill(signal);
      await exited;
      expect(await waitUntilClosed(port)).toBe(true);
    } finally {
      parent.kill('SIGKILL');
    }
  });
});
