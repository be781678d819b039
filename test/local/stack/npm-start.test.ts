/**
 * `npm start` as a user runs it: the launcher makes a certificate, the stack comes up on free ports, writes
 * stack.json, serves health and provisioning logs, provisions the seeded users — and Ctrl-C stops it all,
 * children included.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { StackInfo } from '../../../src/local/stack/stack-file.js';
import { eventually } from '../../support/test-stack.js';

const tsxCli = path.resolve('node_modules/tsx/dist/cli.mjs');

describe('npm start', () => {
  let child: ChildProcess | undefined;
  let stateDir = '';
  let output = '';

  afterAll(async () => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    await rm(stateDir, { recursive: true, force: true });
  });

  it('runs the whole system, reports health and logs, and stops everything on Ctrl-C', async () => {
    stateDir = await mkdtemp(path.join(os.tmpdir(), 'xtsync-start-'));
    child = spawn(
      process.execPath,
      [
        tsxCli,
        'src/local/start.ts',
        '--port',
        '0',
        '--graph-port',
        '0',
        '--throttle',
        'off',
        '--state-dir',
        stateDir,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));

    const stack = await eventually(
      async () => JSON.parse(await readFile(path.join(stateDir, 'stack.json'), 'utf8')) as StackInfo,
      'stack.json',
      45_000,
    );
    expect(stack.topology.syncs.length).toBeGreaterThan(1);
    expect(stack.graph.tenants.map((t) => t.key).sort()).toEqual([
      'contoso',
      'fabrikam',
      'northwind',
      'woodgrove',
    ]);

    const health = await fetch(`${stack.devHostUrl}/api/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'healthy' });

    const denied = await fetch(`${stack.devHostUrl}/api/provisioning-logs`);
    expect(denied.status).toBe(401);
    const entries = await eventually(async () => {
      const response = await fetch(`${stack.devHostUrl}/api/provisioning-logs?limit=5`, {
        headers: { 'x-functions-key': stack.adminKey },
      });
      const body = (await response.json()) as { entries: unknown[] };
      return body.entries.length > 0 ? body.entries : undefined;
    }, 'the first provisioning entries');
    expect(entries[0]).toMatchObject({ outcome: 'success' });
    // The line is printed as the entry is stored; it may reach this process's pipe a moment later.
    await eventually(
      () => Promise.resolve(/create\s+success/.test(output) ? true : undefined),
      'a provisioning line',
    );

    const exited = new Promise<number | null>((resolve) =>
      child?.once('exit', (code) => {
        resolve(code);
      }),
    );
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    await expect(fetch(`${stack.devHostUrl}/api/health`)).rejects.toThrow();
    await expect(fetch(`${stack.graph.baseUrl}/v1.0/users`)).rejects.toThrow();
    const azurite = new URL(
      /TableEndpoint=([^;]+)/.exec(stack.storageConnectionString)?.[1] ?? 'http://127.0.0.1:1',
    );
    await expect(fetch(`http://${azurite.host}/`)).rejects.toThrow();
  }, 90_000);
});
