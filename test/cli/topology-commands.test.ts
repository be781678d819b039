import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseTopology } from '../../src/core/topology/parse-topology.js';
import { type AdminApiStub, startAdminApiStub, unusedLoopbackUrl } from './support/admin-api-stub.js';
import { repoRoot, runCli } from './support/run-cli.js';

const key = 'stub-admin-key-0123456789';
const examples = (await readdir(path.join(repoRoot, 'examples')))
  .filter((name) => name.endsWith('.yaml'))
  .sort();

const invalidTopology = `version: 1
defaults:
  auth: { type: client-secret, clientId: aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa, secretSetting: X }
tenants:
  - key: contoso
    tenantId: 11111111-1111-4111-8111-111111111111
syncs:
  - id: one
    from: contoso
    to: tailspin
  - id: two
    from: woodgrove
    to: contoso
`;

let stub: AdminApiStub;
let dir: string;

beforeAll(async () => {
  stub = await startAdminApiStub();
  dir = await mkdtemp(path.join(os.tmpdir(), 'xtsync-cli-topology-'));
  await writeFile(path.join(dir, 'invalid.yaml'), invalidTopology);
});

afterAll(async () => {
  await stub.close();
  await rm(dir, { recursive: true, force: true });
});

beforeEach(() => {
  stub.requests.length = 0;
});

describe.concurrent('xtsync topology validate', () => {
  it.each(examples)('accepts examples/%s and names its shape', async (name) => {
    const file = `examples/${name}`;
    const { shape, topology } = parseTopology(await readFile(path.join(repoRoot, file), 'utf8'), file);

    const run = await runCli(['topology', 'validate', file]);

    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`${file} is valid.`);
    expect(run.stdout).toContain(`Shape: ${shape.kind === 'mixed' ? 'mixed' : shape.description}`);
    for (const sync of topology.syncs) expect(run.stdout).toContain(`${sync.from} → ${sync.to}`);
  });

  it('lists every problem of an invalid file with its line and exits 1', async () => {
    const run = await runCli(['topology', 'validate', 'invalid.yaml'], { cwd: dir });

    expect(run.code).toBe(1);
    expect(run.stderr).toContain("invalid.yaml:10:9 syncs[0].to: unknown tenant 'tailspin'");
    expect(run.stderr).toContain("invalid.yaml:12:11 syncs[1].from: unknown tenant 'woodgrove'");
  });

  it('prints the shape, tenants and syncs as JSON with --json', async () => {
    const run = await runCli(['--json', 'topology', 'validate', 'examples/user-hub.yaml']);

    expect(run.code).toBe(0);
    const summary = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(summary).toMatchObject({
      valid: true,
      file: 'examples/user-hub.yaml',
      shape: { kind: 'user-hub' },
      tenants: [{ key: 'woodgrove' }, { key: 'fabrikam' }, { key: 'northwind' }],
      syncs: [
        { id: 'woodgrove-to-fabrikam', from: 'woodgrove', to: 'fabrikam' },
        { id: 'woodgrove-to-northwind', from: 'woodgrove', to: 'northwind', removal: { mode: 'delete' } },
      ],
    });
  });

  it('prints the issues as JSON with --json when the file is invalid', async () => {
    const run = await runCli(['topology', 'validate', '--json', 'invalid.yaml'], { cwd: dir });

    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toEqual({
      valid: false,
      file: 'invalid.yaml',
      issues: [
        expect.objectContaining({ line: 10, column: 9, path: 'syncs[0].to' }),
        expect.objectContaining({ line: 12, column: 11, path: 'syncs[1].from' }),
      ],
    });
  });

  it('says which file it cannot read', async () => {
    const run = await runCli(['topology', 'validate', 'missing.yaml'], { cwd: dir });

    expect(run.code).toBe(1);
    expect(run.stderr).toContain('Cannot read the topology file missing.yaml: no such file');
  });
});

describe('xtsync topology apply', () => {
  const applied = {
    version: 7,
    shape: { kind: 'one-to-one', description: 'one-to-one (contoso → fabrikam)' },
    syncs: [{ id: 'contoso-to-fabrikam', from: 'contoso', to: 'fabrikam' }],
    subscriptions: [{ tenantId: '11111111-1111-4111-8111-111111111111', action: 'created' }],
  };

  it('posts the file as YAML with the key and prints the stored version', async () => {
    stub.handle(() => ({ status: 200, json: applied }));

    const run = await runCli([
      '--url',
      stub.url,
      '--key',
      key,
      'topology',
      'apply',
      'examples/one-to-one.yaml',
    ]);

    expect(run.code).toBe(0);
    expect(stub.requests).toHaveLength(1);
    const [request] = stub.requests;
    expect(request).toMatchObject({ method: 'POST', path: '/api/topology', query: {} });
    expect(request?.headers['x-functions-key']).toBe(key);
    expect(request?.headers['content-type']).toBe('application/yaml');
    expect(request?.body).toBe(await readFile(path.join(repoRoot, 'examples/one-to-one.yaml'), 'utf8'));
    expect(run.stdout).toContain('Applied examples/one-to-one.yaml as topology version 7.');
    expect(run.stdout).toMatch(/contoso-to-fabrikam\s+contoso → fabrikam/);
    expect(run.stdout).toMatch(/contoso\s+11111111-1111-4111-8111-111111111111\s+created/);
  });

  it('never sends an invalid file', async () => {
    const run = await runCli(['--url', stub.url, '--key', key, 'topology', 'apply', 'invalid.yaml'], {
      cwd: dir,
    });

    expect(run.code).toBe(1);
    expect(run.stderr).toContain('invalid.yaml:10:9');
    expect(stub.requests).toHaveLength(0);
  });

  it("shows the server's issues against the file and exits 1 on 400", async () => {
    stub.handle(() => ({
      status: 400,
      json: {
        error: {
          code: 'TOPOLOGY.INVALID',
          message: 'Invalid topology request (1 problem):\n  request:5:3 tenants[0]: tenant not consented',
          issues: [{ line: 5, column: 3, path: 'tenants[0]', message: 'tenant not consented' }],
        },
      },
    }));

    const run = await runCli([
      '--url',
      stub.url,
      '--key',
      key,
      'topology',
      'apply',
      'examples/one-to-one.yaml',
    ]);

    expect(run.code).toBe(1);
    expect(run.stderr).toContain('POST /api/topology failed (400 TOPOLOGY.INVALID)');
    expect(run.stderr).toContain('examples/one-to-one.yaml:5:3 tenants[0]: tenant not consented');
  });

  it('says the key was refused on 401 without printing it', async () => {
    stub.handle(() => ({ status: 401, json: { error: 'A valid function key is required.' } }));

    const run = await runCli([
      '--url',
      stub.url,
      '--key',
      key,
      'topology',
      'apply',
      'examples/one-to-one.yaml',
    ]);

    expect(run.code).toBe(1);
    expect(run.stderr).toContain('refused the key (401)');
    expect(run.stderr).toContain('XTSYNC_ADMIN_KEY');
    expect(`${run.stdout}${run.stderr}`).not.toContain(key);
  });

  it('suggests starting the stack when the connection is refused', async () => {
    const url = await unusedLoopbackUrl();

    const run = await runCli(['--url', url, '--key', key, 'topology', 'apply', 'examples/one-to-one.yaml']);

    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`Cannot reach the admin API at ${url} (connection refused)`);
    expect(run.stderr).toMatch(/is the stack running\? try npm start/i);
  });

  it('finds the URL and key in the local stack file', async () => {
    stub.handle(() => ({ status: 200, json: applied }));
    const stackDir = await mkdtemp(path.join(os.tmpdir(), 'xtsync-cli-stack-'));
    try {
      await writeFile(
        path.join(stackDir, 'stack.json'),
        JSON.stringify({ devHostUrl: stub.url, adminKey: key, graphUrl: 'x' }),
      );
      const run = await runCli([
        '--stack',
        path.join(stackDir, 'stack.json'),
        'topology',
        'apply',
        'examples/one-to-one.yaml',
      ]);

      expect(run.code).toBe(0);
      expect(stub.requests[0]?.headers['x-functions-key']).toBe(key);
    } finally {
      await rm(stackDir, { recursive: true, force: true });
    }
  });
});

describe('xtsync topology plan', () => {
  it('posts a dry run and prints what each sync would change', async () => {
    stub.handle(() => ({
      status: 200,
      json: {
        version: null,
        shape: 'one-to-one (contoso → fabrikam)',
        syncs: [
          {
            id: 'contoso-to-fabrikam',
            from: 'contoso',
            to: 'fabrikam',
            create: [
              { sourceUserId: 'u-1', displayName: 'Ada Lovelace', userPrincipalName: 'ada@contoso.com' },
            ],
            update: [
              {
                sourceUserId: 'u-2',
                displayName: 'Alan Turing',
                targetUserId: 't-2',
                changedAttributes: ['jobTitle'],
              },
            ],
            remove: [],
            unchanged: 12,
          },
        ],
      },
    }));

    const run = await runCli([
      '--url',
      stub.url,
      '--key',
      key,
      'topology',
      'plan',
      'examples/one-to-one.yaml',
    ]);

    expect(run.code).toBe(0);
    expect(stub.requests[0]).toMatchObject({
      method: 'POST',
      path: '/api/topology',
      query: { dryRun: 'true' },
    });
    expect(run.stdout).toContain('nothing has been written');
    expect(run.stdout).toMatch(/contoso-to-fabrikam\s+contoso → fabrikam\s+1\s+1\s+0\s+12/);
    expect(run.stdout).toMatch(/create\s+Ada Lovelace \(ada@contoso.com\)\s+—/);
    expect(run.stdout).toMatch(/update\s+Alan Turing\s+t-2\s+jobTitle/);
  });

  it('reports an answer it does not understand as a version mismatch', async () => {
    stub.handle(() => ({ status: 200, json: { version: 3, syncs: 'none' } }));

    const run = await runCli([
      '--url',
      stub.url,
      '--key',
      key,
      'topology',
      'plan',
      'examples/one-to-one.yaml',
    ]);

    expect(run.code).toBe(1);
    expect(run.stderr).toContain('answered with an unexpected body');
  });
});
