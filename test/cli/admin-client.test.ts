import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AdminApiError } from '../../src/cli/admin-api-error.js';
import { createAdminClient } from '../../src/cli/admin-client.js';

const key = 'client-key-42';
let server: Server;
let baseUrl: string;

beforeAll(async () => {
  server = createServer((request, response) => {
    if (request.url === '/api/slow') return; // never answers
    if (request.url === '/api/html') {
      response.writeHead(502, { 'content-type': 'text/html' });
      response.end('<html>Bad gateway</html>');
      return;
    }
    if (request.url === '/api/echo-key') {
      response.writeHead(500, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ error: { code: 'X', message: `bad key ${key}` } }));
      return;
    }
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ ok: true }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) =>
    server.close(() => {
      resolve();
    }),
  );
});

const schema = z.object({ ok: z.boolean() });

describe('createAdminClient', () => {
  it('gives up after its timeout and says so', async () => {
    const client = createAdminClient({ baseUrl, key }, { timeoutMs: 200 });

    await expect(client.send({ method: 'GET', path: '/api/slow', schema })).rejects.toThrow(
      `GET /api/slow at ${baseUrl} did not answer within 0.2 s.`,
    );
  });

  it('reports an error page that is not JSON by its status', async () => {
    const client = createAdminClient({ baseUrl, key });

    const failure = client.send({ method: 'GET', path: '/api/html', schema });

    await expect(failure).rejects.toBeInstanceOf(AdminApiError);
    await expect(failure).rejects.toThrow('GET /api/html failed (502)');
  });

  it('never repeats the key, even when the server echoes it', async () => {
    const client = createAdminClient({ baseUrl, key });

    await expect(client.send({ method: 'GET', path: '/api/echo-key', schema })).rejects.toThrow(
      'GET /api/echo-key failed (500 X): bad key ***',
    );
  });

  it('stops at once when the run is interrupted', async () => {
    const controller = new AbortController();
    const client = createAdminClient({ baseUrl, key }, { signal: controller.signal });

    const pending = client.send({ method: 'GET', path: '/api/slow', schema });
    controller.abort();

    await expect(pending).rejects.toMatchObject({ message: 'Interrupted.', exitCode: 130 });
  });
});
