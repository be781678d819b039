/**
 * `xtsync status`, `guards`, `guards approve`, `syncs pause|resume` and `dead-letters replay` as operators run
 * them: the real bin/xtsync.js in a child process against the local stack, with a deletion guard tripped by
 * a scope change.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GuardView } from '../../src/app/decide-guard.js';
import type { StatusReport } from '../../src/app/sync-status.js';
import { guardedSyncId, tripTheGuard } from '../support/deletion-guard-scenario.js';
import { waitForTargetUser, type SourceUser } from '../support/e2e-users.js';
import type { TestStack } from '../support/test-stack.js';
import { runCli } from './support/run-cli.js';

describe('xtsync safety commands against the local stack', () => {
  let stack: TestStack;
  let users: SourceUser[];
  let guard: GuardView;
  const xtsync = (...args: string[]) =>
    runCli(['--url', stack.devHostUrl, '--key', stack.adminKey, ...args], { timeoutMs: 30_000 });

  beforeAll(async () => {
    ({ stack, users, guard } = await tripTheGuard());
  }, 60_000);
  afterAll(async () => {
    await stack.stop();
  });

  it('shows the guarded sync in the status table, with the command that decides the guard', async () => {
    const run = await xtsync('status');

    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/SYNC\s+STATE\s+LINKED a\/d\/x/);
    expect(run.stdout).toMatch(new RegExp(`${guardedSyncId}\\s+guarded\\s+\\d+/0/0`));
    expect(run.stdout).toContain(
      `${guardedSyncId}: ${guard.held} removal(s) held by deletion guard ${guard.id} (limit 2); ` +
        `decide with: xtsync guards approve|reject ${guard.id}`,
    );
    expect(run.stdout).not.toContain(stack.adminKey);
  }, 30_000);

  it('prints the status report as JSON with --json', async () => {
    const run = await xtsync('status', '--json');

    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as StatusReport;
    expect(report.syncs).toEqual([
      expect.objectContaining({
        syncId: guardedSyncId,
        state: 'guarded',
        guard: expect.objectContaining({ id: guard.id }) as unknown,
      }),
    ]);
  }, 30_000);

  it('lists the pending guard and approves it, after which the removals complete', async () => {
    const list = await xtsync('guards', '--state', 'pending');
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(
      new RegExp(`${guard.id}\\s+${guardedSyncId}\\s+pending\\s+${guard.held}\\s+2 of \\d+ linked`),
    );

    const approve = await xtsync('guards', 'approve', guard.id);

    expect(approve.code).toBe(0);
    expect(approve.stdout).toContain(
      `Guard ${guard.id} approved: ${guard.held} held removal(s) released for sync ${guardedSyncId}.`,
    );
    for (const user of users) {
      await waitForTargetUser(
        stack,
        'fabrikam',
        user,
        (found) => found.accountEnabled === false,
        'the disabled user',
      );
    }
    const again = await xtsync('guards', 'reject', guard.id);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/409 CONFLICT.*already approved/);
  }, 30_000);

  it('pauses and resumes a sync, showing the pause and its reason in status', async () => {
    const pause = await xtsync('syncs', 'pause', guardedSyncId, '--reason', 'target maintenance');
    expect(pause.code).toBe(0);
    expect(pause.stdout).toContain(`Sync ${guardedSyncId} paused.`);

    const status = await xtsync('status');
    expect(status.stdout).toMatch(new RegExp(`${guardedSyncId}\\s+paused`));
    expect(status.stdout).toMatch(/paused (just now|\d+s ago) by admin-api(:\S+)? \("target maintenance"\)/);

    const resume = await xtsync('syncs', 'resume', guardedSyncId);
    expect(resume.code).toBe(0);
    expect(resume.stdout).toContain(`Sync ${guardedSyncId} resumed (was paused)`);
  }, 30_000);

  it('replays dead letters and refuses an unknown guard or a missing target with a clear error', async () => {
    const replay = await xtsync('dead-letters', 'replay', '--sync', guardedSyncId);
    expect(replay.code).toBe(0);
    expect(replay.stdout).toContain(
      `Replayed 0 parked and 0 broker dead letter(s) of sync ${guardedSyncId}.`,
    );

    const missing = await xtsync('dead-letters', 'replay');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('Give either --sync ID or --queue source-changes.');

    const unknown = await xtsync('guards', 'approve', '66666666-6666-4666-8666-666666666666');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/404 NOT_FOUND.*No deletion guard/);
  }, 30_000);
});
