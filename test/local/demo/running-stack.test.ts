import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StackInfo } from '../../../src/local/stack/stack-file.js';
import { assertStackRunning, readStackFile } from '../../../src/local/demo/running-stack.js';

const secret = 'do-not-print-this-secret';
const aStack = (devHostUrl: string, caCertPath: string): StackInfo => ({
  devHostUrl,
  adminKey: secret,
  graph: {
    baseUrl: 'https://localhost:8443',
    authorityHost: 'https://localhost:8443',
    caCertPath,
    tenants: [
      {
        key: 'contoso',
        tenantId: '11111111-1111-4111-8111-111111111111',
        defaultDomain: 'contoso.onmicrosoft.com',
        clientId: 'c',
        clientSecret: secret,
      },
    ],
  },
  storageConnectionString: 'UseDevelopmentStorage=true',
  topology: { tenants: [], syncs: [] },
});

/** A URL on 127.0.0.1 where nothing listens (a port that was free a moment ago). */
async function aClosedUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}`;
}

describe('running stack checks', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'xtsync-demo-stack-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('asks to start the stack when stack.json does not exist', async () => {
    await expect(readStackFile(path.join(dir, 'missing.json'))).rejects.toThrow(
      /missing\.json does not exist; start the stack first: npm start/,
    );
  });

  it('rejects a file that is not a stack file without printing its secrets', async () => {
    const file = path.join(dir, 'broken.json');
    const { adminKey: _dropped, ...withoutKey } = aStack('http://127.0.0.1:1', 'cert.pem');
    await writeFile(file, JSON.stringify({ ...withoutKey, graph: { ...withoutKey.graph, baseUrl: 42 } }));
    const error = await readStackFile(file).catch((caught: unknown) => caught);
    expect(String(error)).toMatch(/adminKey.*graph\.baseUrl.*start the stack first: npm start/);
    expect(String(error)).not.toContain(secret);
  });

  it('reads a stack file written by npm start', async () => {
    const file = path.join(dir, 'stack.json');
    await writeFile(file, JSON.stringify(aStack('http://127.0.0.1:7071', 'cert.pem')));
    expect(await readStackFile(file)).toEqual(aStack('http://127.0.0.1:7071', 'cert.pem'));
  });

  it('asks to start the stack when its dev host does not answer', async () => {
    const url = await aClosedUrl();
    await expect(assertStackRunning(aStack(url, 'cert.pem'), '.local/stack.json', 2_000)).rejects.toThrow(
      `The local stack of .local/stack.json does not answer at ${url}/api/health`,
    );
  });

  it('accepts a dev host that answers, healthy or not, when the certificate exists', async () => {
    const server = createServer((_request, response) => {
      response.writeHead(503).end('{}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const certPath = path.join(dir, 'cert.pem');
      await writeFile(certPath, 'pem');
      await expect(assertStackRunning(aStack(url, certPath), 'stack.json')).resolves.toBeUndefined();
      await expect(assertStackRunning(aStack(url, path.join(dir, 'gone.pem')), 'stack.json')).rejects.toThrow(
        /gone\.pem \(from stack\.json\) is missing; start the stack first: npm start/,
      );
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
