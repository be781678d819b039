/**
 * `xtsync resync` as an operator runs it (the real bin/xtsync.js in a child process) against a stub admin
 * API that records what it was sent: step reports, batching, exit codes, and following a full resync job.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { JobRecord } from '../../src/app/control-ports.js';
import type { OnDemandReport } from '../../src/app/on-demand-report.js';
import { aJob } from '../support/contracts/job-store.contract.js';
import { startAdminApiStub, type AdminApiStub } from './support/admin-api-stub.js';
import { runCli } from './support/run-cli.js';

const key = 'stub-admin-key-0123456789';
const syncId = 'contoso-to-fabrikam';
const adele = '5b1c4a4e-0d7e-4c1a-9d3f-1a2b3c4d5e6f';

function aReport(sourceUserId: string, outcome: OnDemandReport['outcome'] = 'success'): OnDemandReport {
  const failed = outcome === 'failure';
  return {
    syncId,
    sourceTenantId: '11111111-1111-4111-8111-111111111111',
    targetTenantId: '22222222-2222-4222-8222-222222222222',
    sourceUserId,
    outcome,
    steps: {
      sourceRead: {
        status: 'success',
        summary: 'Read Adele Vance with 24 selected attribute(s).',
        found: true,
        attributes: { displayName: 'Adele Vance', department: 'Sales', mobilePhone: null },
        select: ['department', 'displayName', 'mobilePhone'],
        error: null,
      },
      scope: {
        status: 'success',
        summary: "In scope by filter 1: department 'Sales' equals 'Sales'.",
        decision: 'upsert',
        removalReason: null,
        decidedBy: 'scope-filters',
        loopPrevention: { internal: true, reason: null, explanation: 'An internal member.' },
        filters: { inScope: true, filter: 1, clause: null, explanation: 'In scope by filter 1.' },
        error: null,
      },
      match: {
        status: 'success',
        summary: 'No target user carries the anchor.',
        by: 'none',
        targetUserId: null,
        link: null,
      },
      action: {
        status: failed ? 'failure' : 'success',
        summary: 'create: Invite adele.vance@contoso.com as an external member.',
        action: 'create',
        explanation: 'Invite adele.vance@contoso.com as an external member.',
        changedAttributes: ['department', 'displayName'],
        graphWrites: 2,
      },
      graphResult: failed
        ? {
            status: 'failure',
            summary: 'Failed with GRAPH.FORBIDDEN: Insufficient privileges.',
            targetUserId: null,
            graphWrites: 0,
            error: { code: 'GRAPH.FORBIDDEN', message: 'Insufficient privileges.' },
          }
        : {
            status: 'success',
            summary: '2 Graph write(s) succeeded.',
            targetUserId: 'new-id',
            graphWrites: 2,
            error: null,
          },
    },
    warnings: [],
  };
}

describe('xtsync resync', () => {
  let stub: AdminApiStub;
  const xtsync = (...args: string[]) => runCli([...args, '--url', stub.url, '--key', key]);

  beforeAll(async () => {
    stub = await startAdminApiStub();
  });
  afterAll(async () => {
    await stub.close();
  });
  beforeEach(() => {
    stub.requests.length = 0;
  });

  function answerReports(outcome: (user: string) => OnDemandReport['outcome'] = () => 'success') {
    stub.handle((request) => {
      const body = JSON.parse(request.body) as { sourceUserIds: string[] };
      return {
        status: 200,
        json: { syncId, reports: body.sourceUserIds.map((id) => aReport(id, outcome(id))) },
      };
    });
  }

  it('provisions the users and prints every step with the attributes seen', async () => {
    answerReports();
    const run = await xtsync('resync', syncId, adele);

    expect(run.code).toBe(0);
    expect(stub.requests).toMatchObject([
      { method: 'POST', path: '/api/resync', headers: { 'x-functions-key': key } },
    ]);
    expect(JSON.parse(stub.requests[0]?.body ?? '')).toEqual({ syncId, sourceUserIds: [adele] });
    for (const text of [
      `Adele Vance (${adele}) in ${syncId}: success`,
      '1 source read',
      "2 scope         success  In scope by filter 1: department 'Sales' equals 'Sales'.",
      '3 match',
      '4 action',
      '(writes department, displayName)',
      '5 graph result',
      '1 user: 1 succeeded',
    ])
      expect(run.stdout).toContain(text);
    expect(run.stdout).toMatch(/department\s+Sales/);
    expect(run.stdout).not.toContain('mobilePhone');
  });

  it('sends at most 50 users per call', async () => {
    answerReports();
    const users = Array.from(
      { length: 51 },
      (_, i) => `5b1c4a4e-0d7e-4c1a-9d3f-${String(i).padStart(12, '0')}`,
    );
    const run = await xtsync('--json', 'resync', syncId, ...users);

    expect(run.code).toBe(0);
    expect(
      stub.requests.map((r) => (JSON.parse(r.body) as { sourceUserIds: string[] }).sourceUserIds.length),
    ).toEqual([50, 1]);
    expect((JSON.parse(run.stdout) as { reports: unknown[] }).reports).toHaveLength(51);
  });

  it('exits 1 when a user step failed, after printing every report', async () => {
    const other = '7c2d5b5f-1e8f-4d2b-8e4a-2b3c4d5e6f70';
    answerReports((user) => (user === other ? 'failure' : 'success'));
    const run = await xtsync('resync', syncId, adele, other);

    expect(run.code).toBe(1);
    expect(run.stdout).toContain('GRAPH.FORBIDDEN: Insufficient privileges.');
    expect(run.stdout).toContain('2 users: 1 succeeded, 1 failed');
    expect(run.stderr).toContain('1 of 2 user(s) failed');
  });

  it('refuses a user that is not an object id before calling the API', async () => {
    const run = await xtsync('resync', syncId, 'adele@contoso.com');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("USER 'adele@contoso.com' is not a source user object id");
    expect(stub.requests).toEqual([]);
  });

  it('starts a full resync and follows its job until it succeeded', async () => {
    let polls = 0;
    stub.handle((request) => {
      if (request.method === 'POST') return { status: 202, json: { jobId: 'job-7' } };
      polls += 1;
      const job: JobRecord =
        polls < 2
          ? aJob({
              id: 'job-7',
              status: 'running',
              progress: { phase: 'reading source users', done: 3, total: null },
            })
          : aJob({
              id: 'job-7',
              status: 'succeeded',
              startedAt: '2025-03-01T12:00:00.000Z',
              finishedAt: '2025-03-01T12:00:02.500Z',
              result: { drains: 1, pages: 2, usersSeen: 40, messagesPublished: 38, roundComplete: true },
            });
      return { status: 200, json: job };
    });
    const run = await xtsync('resync', syncId, '--interval', '0.2');

    expect(run.code).toBe(0);
    expect(JSON.parse(stub.requests[0]?.body ?? '')).toEqual({ syncId });
    expect(stub.requests.slice(1).map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /api/jobs/job-7',
      'GET /api/jobs/job-7',
    ]);
    expect(run.stdout).toContain(`Full resync of ${syncId}: succeeded in 2.5 s (job job-7)`);
    expect(run.stdout).toMatch(/drains\s+pages\s+usersSeen\s+messagesPublished/);
    expect(run.stdout).toMatch(/1\s+2\s+40\s+38/);
  });

  it('prints only the job id with --no-wait', async () => {
    stub.handle(() => ({ status: 202, json: { jobId: 'job-8' } }));
    const run = await xtsync('resync', syncId, '--no-wait');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('job-8\n');
    expect(stub.requests).toHaveLength(1);
  });

  it('exits 1 with the code when the job failed', async () => {
    stub.handle((request) =>
      request.method === 'POST'
        ? { status: 202, json: { jobId: 'job-9' } }
        : {
            status: 200,
            json: aJob({
              id: 'job-9',
              status: 'failed',
              error: { code: 'GRAPH.FORBIDDEN', message: 'xtsync may not read users in contoso.' },
            }),
          },
    );
    const run = await xtsync('--json', 'resync', syncId);
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({ id: 'job-9', status: 'failed' });
    expect(run.stderr).toContain('The full resync failed: GRAPH.FORBIDDEN');
  });

  it('reports a refused start with the server message', async () => {
    stub.handle(() => ({
      status: 409,
      json: {
        error: {
          code: 'CONFLICT',
          message: 'A full resync of the same source tenant is still running (job job-1).',
          jobId: 'job-1',
        },
      },
    }));
    const run = await xtsync('resync', syncId);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('still running (job job-1)');
  });
});
