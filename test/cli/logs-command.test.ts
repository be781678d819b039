import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ProvisioningLogEntry } from '../../src/app/ports.js';
import { type AdminApiStub, startAdminApiStub } from './support/admin-api-stub.js';
import { runCli, startCli } from './support/run-cli.js';

const key = 'logs-admin-key-0123456789';

function anEntry(
  id: string,
  at: string,
  overrides: Partial<ProvisioningLogEntry> = {},
): ProvisioningLogEntry {
  return {
    id,
    at,
    syncId: 'contoso-to-fabrikam',
    sourceTenantId: '11111111-1111-4111-8111-111111111111',
    targetTenantId: '22222222-2222-4222-8222-222222222222',
    sourceUserId: `src-${id}`,
    targetUserId: `tgt-${id}`,
    action: 'update',
    outcome: 'success',
    reason: 'Changed.',
    changedAttributes: ['jobTitle'],
    graphWrites: 1,
    durationMs: 40,
    correlationId: 'c-1',
    errorCode: null,
    errorMessage: null,
    ...overrides,
  };
}

/** Newest first, as the API answers. */
function newestFirst(entries: readonly ProvisioningLogEntry[]): ProvisioningLogEntry[] {
  return [...entries].sort((a, b) => Date.parse(b.at) - Date.parse(a.at));
}

let stub: AdminApiStub;

beforeAll(async () => {
  stub = await startAdminApiStub();
});

afterAll(async () => {
  await stub.close();
});

beforeEach(() => {
  stub.requests.length = 0;
});

describe('xtsync logs', () => {
  it('queries with every filter and prints one line per entry, oldest first', async () => {
    const entries = [
      anEntry('b', '2025-03-10T12:00:05.000Z', {
        action: 'create',
        outcome: 'failure',
        targetUserId: null,
        changedAttributes: [],
        errorCode: 'GRAPH.THROTTLED',
      }),
      anEntry('a', '2025-03-10T12:00:01.000Z', { changedAttributes: ['jobTitle', 'department'] }),
    ];
    stub.handle(() => ({ status: 200, json: { entries } }));

    const run = await runCli([
      'logs',
      '--url',
      stub.url,
      '--key',
      key,
      '--sync',
      'contoso-to-fabrikam',
      '--user',
      'user-7',
      '--since',
      '2025-03-10T11:00:00Z',
      '--until',
      '2025-03-10T13:00:00Z',
      '--limit',
      '50',
    ]);

    expect(run.code).toBe(0);
    expect(stub.requests).toHaveLength(1);
    expect(stub.requests[0]).toMatchObject({
      method: 'GET',
      path: '/api/provisioning-logs',
      query: {
        syncId: 'contoso-to-fabrikam',
        sourceUserId: 'user-7',
        since: '2025-03-10T11:00:00.000Z',
        until: '2025-03-10T13:00:00.000Z',
        limit: '50',
      },
    });
    expect(stub.requests[0]?.headers['x-functions-key']).toBe(key);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      /^2025-03-10 12:00:01Z\s+contoso-to-fabrikam\s+update\s+success\s+src-a → tgt-a\s+jobTitle,department\s+-$/,
    );
    expect(lines[1]).toMatch(
      /^2025-03-10 12:00:05Z\s+contoso-to-fabrikam\s+create\s+failure\s+src-b → -\s+-\s+GRAPH.THROTTLED$/,
    );
  });

  it('prints one JSON object per line with --json', async () => {
    const entries = [anEntry('b', '2025-03-10T12:00:05.000Z'), anEntry('a', '2025-03-10T12:00:01.000Z')];
    stub.handle(() => ({ status: 200, json: { entries } }));

    const run = await runCli(['--json', 'logs', '--url', stub.url, '--key', key]);

    expect(run.code).toBe(0);
    const printed = run.stdout
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as ProvisioningLogEntry);
    expect(printed.map((entry) => entry.id)).toEqual(['a', 'b']);
    expect(printed[0]).toEqual(entries[1]);
  });

  it('asks for the last hour by default', async () => {
    stub.handle(() => ({ status: 200, json: { entries: [] } }));
    const before = Date.now();

    const run = await runCli(['logs', '--url', stub.url, '--key', key]);

    expect(run.code).toBe(0);
    const since = Date.parse(stub.requests[0]?.query.since ?? '');
    expect(since).toBeGreaterThanOrEqual(before - 3_600_000 - 1_000);
    expect(since).toBeLessThanOrEqual(Date.now() - 3_600_000 + 1_000);
    expect(stub.requests[0]?.query.limit).toBe('100');
    expect(run.stderr).toContain('No provisioning log entries since');
  });

  it('rejects a --since it cannot read with a usage error', async () => {
    const run = await runCli(['logs', '--url', stub.url, '--key', key, '--since', 'yesterday']);

    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--since 'yesterday': expected a duration such as 30m, 1h, 2d");
    expect(stub.requests).toHaveLength(0);
  });

  it('keeps polling with --follow and never prints an entry twice', async () => {
    // Every poll answers everything since its `since`, including entries already shown, plus one new one.
    const all = [anEntry('e1', '2025-03-10T12:00:00.000Z'), anEntry('e2', '2025-03-10T12:00:01.000Z')];
    stub.handle((request) => {
      if (stub.requests.length > 1) {
        const n = stub.requests.length + 1;
        all.push(anEntry(`e${n}`, `2025-03-10T12:00:0${Math.min(n, 9)}.000Z`));
      }
      const since = Date.parse(request.query.since ?? '');
      return {
        status: 200,
        json: { entries: newestFirst(all.filter((entry) => Date.parse(entry.at) >= since)) },
      };
    });

    const cli = startCli([
      'logs',
      '--url',
      stub.url,
      '--key',
      key,
      '--since',
      '2025-03-10T11:00:00Z',
      '--follow',
      '--interval',
      '0.2',
    ]);
    try {
      await expect
        .poll(() => stub.requests.length, { timeout: 10_000, interval: 50 })
        .toBeGreaterThanOrEqual(4);
    } finally {
      cli.child.kill('SIGINT');
    }
    const run = await cli.done;

    expect(run.code).toBe(0);
    const shown = run.stdout
      .trimEnd()
      .split('\n')
      .map((line) => /src-(e\d+)/.exec(line)?.[1]);
    expect(new Set(shown).size).toBe(shown.length);
    expect(shown.slice(0, 4)).toEqual(['e1', 'e2', 'e3', 'e4']);
    expect(stub.requests[1]?.query.since).toBe('2025-03-10T12:00:01.000Z');
    expect(run.stderr).toContain('press Ctrl-C to stop');
  });

  it('stops following when the key is refused', async () => {
    stub.handle(() =>
      stub.requests.length === 1
        ? { status: 200, json: { entries: [] } }
        : { status: 403, json: { error: { code: 'AUTH.FORBIDDEN', message: 'key revoked' } } },
    );

    const run = await runCli(['logs', '--url', stub.url, '--key', key, '--follow', '--interval', '0.2']);

    expect(run.code).toBe(1);
    expect(run.stderr).toContain('refused the key (403 AUTH.FORBIDDEN): key revoked');
  });
});
