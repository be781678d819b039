import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const tsxCli = path.join(root, 'node_modules/tsx/dist/cli.mjs');
const cliPath = path.join(root, 'src/local/graph-simulator/cli.ts');

interface Run {
  readonly child: ChildProcess;
  readonly output: () => string;
  readonly exit: Promise<number | null>;
}

function runCli(args: readonly string[]): Run {
  const child = spawn(process.execPath, [tsxCli, cliPath, ...args], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk: Buffer): void => {
    output += chunk.toString();
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const exit = new Promise<number | null>((resolve) => {
    child.on('exit', (code) => {
      resolve(code);
    });
  });
  return { child, output: () => output, exit };
}

async function waitFor<T>(read: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function getJson(url: string, ca: string): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    request(url, { ca }, (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () => {
        resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as unknown });
      });
    })
      .on('error', reject)
      .end();
  });
}

describe('graph-sim CLI', () => {
  let stateDir: string;
  const running: ChildProcess[] = [];

  beforeAll(async () => {
    stateDir = await mkdtemp(path.join(os.tmpdir(), 'graph-sim-cli-'));
  });
  afterAll(async () => {
    for (const child of running) if (child.exitCode === null) child.kill('SIGKILL');
    await rm(stateDir, { recursive: true, force: true });
  });

  it('serves the simulator, writes its state, and exits 0 on SIGTERM', async () => {
    const run = runCli(['--port', '0', '--throttle', 'off', '--state-dir', stateDir]);
    running.push(run.child);
    const state = await waitFor(async () => {
      if (!run.output().includes('NODE_EXTRA_CA_CERTS=')) return undefined;
      return JSON.parse(await readFile(path.join(stateDir, 'graph-sim.json'), 'utf8')) as {
        baseUrl: string;
        authorityHost: string;
        caCertPath: string;
        tenants: { key: string; tenantId: string; clientId: string; clientSecret: string }[];
      };
    }, 15_000);
    expect(state.baseUrl).toMatch(/^https:\/\/localhost:\d+$/);
    expect(state.authorityHost).toBe(state.baseUrl);
    expect(state.caCertPath).toBe(path.join(stateDir, 'graph-sim', 'cert.pem'));
    expect(state.tenants.map((t) => t.key)).toEqual(['contoso', 'fabrikam', 'northwind', 'woodgrove']);
    expect(run.output()).not.toContain(state.tenants[0]?.clientSecret);

    const ca = await readFile(state.caCertPath, 'utf8');
    const metadata = await getJson(
      `${state.authorityHost}/${state.tenants[0]?.tenantId ?? ''}/v2.0/.well-known/openid-configuration`,
      ca,
    );
    expect(metadata.status).toBe(200);

    run.child.kill('SIGTERM');
    expect(await run.exit).toBe(0);
  });

  it('exits 2 with a clear message for a bad flag', async () => {
    const run = runCli(['--throttle', 'fast']);
    expect(await run.exit).toBe(2);
    expect(run.output()).toMatch(/--throttle.*fast.*real, off/);
  });

  it('exits 2 naming the file and the problem for a bad seed', async () => {
    const seedFile = path.join(stateDir, 'bad-seed.yaml');
    await writeFile(seedFile, 'tenants:\n  - key: Bad Key\n');
    const run = runCli(['--seed', seedFile, '--state-dir', stateDir]);
    expect(await run.exit).toBe(2);
    expect(run.output()).toContain(seedFile);
    expect(run.output()).toMatch(/tenants\.0\.key/);
  });
});
