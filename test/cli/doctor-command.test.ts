/**
 * `xtsync doctor` as an operator runs it: the real bin/xtsync.js in a child process, against a stub admin
 * API on 127.0.0.1 that records what it was sent and answers a canned report.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DoctorReport } from '../../src/app/doctor-report.js';
import { withSyncs } from '../support/topology-text.js';

const bin = path.resolve(import.meta.dirname, '../../bin/xtsync.js');
const adminKey = 'stub-admin-key-0123456789';

const passing: DoctorReport = {
  passed: true,
  checks: [
    {
      id: 'graph-token:contoso',
      title: 'Graph token',
      scope: { tenant: 'contoso', tenantId: '11111111-1111-4111-8111-111111111111' },
      status: 'pass',
      detail: 'xtsync got a Graph token for contoso.',
    },
    {
      id: 'table-storage',
      title: 'Table Storage reachable',
      scope: {},
      status: 'pass',
      detail: 'Read table topology.',
    },
  ],
};

const failing: DoctorReport = {
  passed: false,
  checks: [
    ...passing.checks,
    {
      id: 'inbound-redemption:contoso-to-fabrikam',
      title: 'Automatic redemption inbound from contoso',
      scope: {
        tenant: 'fabrikam',
        tenantId: '22222222-2222-4222-8222-222222222222',
        syncId: 'contoso-to-fabrikam',
      },
      status: 'fail',
      detail: 'fabrikam does not automatically redeem invitations from contoso.',
      fix: 'In fabrikam: Inbound access → Trust settings → tick "Automatically redeem invitations".',
    },
    {
      id: 'guest-invitations:woodgrove',
      title: 'Guest invitations allowed',
      scope: { tenant: 'woodgrove' },
      status: 'skip',
      detail: 'xtsync may not read policies in woodgrove.',
      fix: 'Grant Policy.Read.All so the doctor can check.',
    },
  ],
};

interface Recorded {
  readonly method: string;
  readonly url: string;
  readonly key: string | undefined;
  readonly contentType: string | undefined;
  readonly body: string;
}

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

describe('xtsync doctor', () => {
  let server: Server;
  let baseUrl: string;
  let dir: string;
  let answer: { status: number; body: unknown } = { status: 200, body: passing };
  let requests: Recorded[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'xtsync-doctor-cli-'));
    server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        requests.push({
          method: request.method ?? '',
          url: request.url ?? '',
          key: request.headers['x-functions-key'] as string | undefined,
          contentType: request.headers['content-type'],
          body: Buffer.concat(chunks).toString('utf8'),
        });
        response
          .writeHead(answer.status, { 'content-type': 'application/json' })
          .end(JSON.stringify(answer.body));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => {
      server.close(() => {
        resolve();
      });
    });
    await rm(dir, { recursive: true, force: true });
  });
  beforeEach(() => {
    requests = [];
    answer = { status: 200, body: passing };
  });

  function xtsync(...args: string[]): Promise<Run> {
    const env = { ...process.env, XTSYNC_URL: baseUrl, XTSYNC_ADMIN_KEY: adminKey, NO_COLOR: '1' };
    return new Promise((resolve) => {
      execFile(
        process.execPath,
        [bin, ...args],
        { cwd: dir, env, timeout: 20_000 },
        (error, stdout, stderr) => {
          const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
          resolve({ code, stdout, stderr });
        },
      );
    });
  }

  it('checks the active topology and exits 0 when every check passes', async () => {
    const run = await xtsync('doctor');

    expect(run.code).toBe(0);
    expect(requests).toEqual([
      { method: 'POST', url: '/api/doctor', key: adminKey, contentType: undefined, body: '' },
    ]);
    expect(run.stdout).toMatch(/^PASS {2}contoso {9}Graph token$/m);
    expect(run.stdout).toMatch(/^PASS {2}infrastructure {2}Table Storage reachable$/m);
    expect(run.stdout).toContain('2 checks: 2 passed, 0 failed');
  });

  it('prints the fix under each failure and exits 1', async () => {
    answer = { status: 200, body: failing };

    const run = await xtsync('doctor');

    expect(run.code).toBe(1);
    const lines = run.stdout.split('\n');
    const failure = lines.findIndex((line) => line.startsWith('FAIL  fabrikam (sync contoso-to-fabrikam)'));
    expect(lines[failure]).toMatch(/Automatic redemption inbound from contoso$/);
    expect(lines[failure + 1]).toBe('      fabrikam does not automatically redeem invitations from contoso.');
    expect(lines[failure + 2]).toBe(
      '      fix: In fabrikam: Inbound access → Trust settings → tick "Automatically redeem invitations".',
    );
    expect(run.stdout).toMatch(/^SKIP {2}woodgrove/m);
    expect(run.stderr).toContain('error: 1 check failed; each failure above says how to fix it.');
  });

  it('sends the topology file given with --topology, exactly as written', async () => {
    const text = withSyncs('  - id: contoso-to-fabrikam\n    from: contoso\n    to: fabrikam\n');
    await writeFile(path.join(dir, 'next.yaml'), text);

    const run = await xtsync('doctor', '--topology', 'next.yaml', '--json');

    expect(run.code).toBe(0);
    expect(requests).toMatchObject([{ url: '/api/doctor', contentType: 'application/yaml', body: text }]);
    expect(JSON.parse(run.stdout)).toEqual(passing);
  });

  it('reports the server refusing to check, without printing the key', async () => {
    answer = {
      status: 409,
      body: { error: { code: 'NO_ACTIVE_TOPOLOGY', message: 'No topology has been applied yet.' } },
    };

    const run = await xtsync('doctor');

    expect(run.code).toBe(1);
    expect(run.stderr).toContain('409 NO_ACTIVE_TOPOLOGY');
    expect(run.stderr).toContain('No topology has been applied yet.');
    expect(`${run.stdout}${run.stderr}`).not.toContain(adminKey);
  });
});
