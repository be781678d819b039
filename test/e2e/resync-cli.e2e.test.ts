/**
 * `xtsync resync` as a process against the local stack: provisioning users on demand with the step report
 * (and exit 1 when the target refuses), and a full resync followed to its end.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember, linkedUsers, settle, type SourceUser } from '../support/e2e-users.js';
import { startTestStack, type TestStack } from '../support/test-stack.js';
import { runCli } from '../cli/support/run-cli.js';

const fabrikam = '22222222-2222-4222-8222-222222222222';

describe('xtsync resync against the local stack', () => {
  let stack: TestStack;
  const xtsync = (...args: string[]) =>
    runCli(['--url', stack.devHostUrl, '--key', stack.adminKey, ...args], { timeoutMs: 25_000 });

  beforeAll(async () => {
    stack = await startTestStack({ example: 'one-to-one.yaml' });
    await settle(stack);
  }, 60_000);
  afterAll(async () => {
    await stack.stop();
  });

  async function unnotifiedMember(): Promise<SourceUser> {
    stack.graph.control.setKnobs({ dropRate: 1 });
    try {
      const user = await createMember(stack, 'contoso', { department: 'Sales' });
      await settle(stack);
      return user;
    } finally {
      stack.graph.control.setKnobs({ dropRate: 0 });
    }
  }

  it('provisions users on demand and prints their step reports', async () => {
    const first = await unnotifiedMember();
    const second = await unnotifiedMember();

    const run = await xtsync('resync', 'contoso-to-fabrikam', first.id, second.id);

    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/1 source read\s+success/);
    expect(run.stdout).toContain("In scope by filter 1: department 'Sales' equals 'Sales'.");
    expect(run.stdout).toMatch(/4 action\s+success\s+create: Invite/);
    expect(run.stdout).toContain('2 users: 2 succeeded');
    expect(await linkedUsers(stack, 'fabrikam', first)).toHaveLength(1);
    expect(await linkedUsers(stack, 'fabrikam', second)).toHaveLength(1);
  }, 30_000);

  it('exits 1 and shows the Graph error when the target keeps failing the invitation', async () => {
    const user = await unnotifiedMember();
    stack.graph.control.addFault({
      tenantId: fabrikam,
      method: 'POST',
      pathPrefix: '/invitations',
      status: 503,
    });
    try {
      const run = await xtsync('--json', 'resync', 'contoso-to-fabrikam', user.id);
      expect(run.code).toBe(1);
      const { reports } = JSON.parse(run.stdout) as {
        reports: { outcome: string; steps: { graphResult: unknown } }[];
      };
      expect(reports[0]).toMatchObject({
        outcome: 'failure',
        steps: { graphResult: { status: 'failure', error: { code: 'GRAPH.UNAVAILABLE' } } },
      });
      expect(run.stderr).toContain('1 of 1 user(s) failed');
    } finally {
      stack.graph.control.clearFaults();
    }
  }, 30_000);

  it('runs a full resync and follows its job to the end', async () => {
    const run = await xtsync('resync', 'contoso-to-fabrikam', '--interval', '0.2');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /Full resync of contoso-to-fabrikam: succeeded in [\d.]+ s \(job [0-9a-f-]{36}\)/,
    );
    expect(run.stdout).toMatch(/drains\s+pages\s+usersSeen\s+messagesPublished/);

    const started = await xtsync('--json', 'resync', 'contoso-to-fabrikam', '--no-wait');
    expect(started.code).toBe(0);
    expect(JSON.parse(started.stdout)).toEqual({
      jobId: expect.stringMatching(/^[0-9a-f-]{36}$/) as unknown,
    });
  }, 30_000);
});
