/**
 * `POST /api/reconcile` on the local stack: it refuses calls without the function key and bodies it cannot
 * use (naming the field), and two reconcile runs of one sync never interleave — a second request is refused
 * with the running job's id, a timer run skips the sync, and each repair is made exactly once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReconcileRunReport } from '../../src/app/reconcile-report.js';
import { adminFetch, waitForJob } from '../support/e2e-admin.js';
import { createMember, settle, waitForTargetUser } from '../support/e2e-users.js';
import { startTestStack, type TestStack } from '../support/test-stack.js';

const syncId = 'contoso-to-fabrikam';

describe('POST /api/reconcile (local stack)', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack({ example: 'one-to-one.yaml' }, { timers: false });
    await settle(stack);
  });
  afterAll(async () => {
    await stack.stop();
  });

  const post = (body: string, key?: string | null) =>
    adminFetch(stack, '/api/reconcile', { method: 'POST', body, ...(key === undefined ? {} : { key }) });

  it('refuses a call without a valid function key', async () => {
    expect((await post('', null)).status).toBe(401);
    expect((await post('', 'not-the-key')).status).toBe(401);
  });

  it('refuses a bad body with a message naming the field', async () => {
    const invalid = await post(JSON.stringify({ syncId: 'Not A Sync!' }));
    expect(invalid.status).toBe(400);
    expect(await invalid.json()).toMatchObject({
      error: { code: 'BAD_REQUEST', message: expect.stringContaining("'syncId'") as unknown },
    });
    const unknownField = await post(JSON.stringify({ sync: syncId }));
    expect(unknownField.status).toBe(400);
    expect(((await unknownField.json()) as { error: { message: string } }).error.message).toContain('sync');
    expect((await post('{not json')).status).toBe(400);
  });

  it('answers 404 for a sync that is not in the active topology', async () => {
    const response = await post(JSON.stringify({ syncId: 'no-such-sync' }));
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
  });

  it('never runs two reconciles of one sync at once, and makes each repair once', async () => {
    const user = await createMember(stack, 'contoso', { department: 'Sales' });
    const target = await waitForTargetUser(stack, 'fabrikam', user);
    await settle(stack);
    await stack
      .admin('fabrikam')
      .api(`/users/${String(target.id)}`)
      .patch({ department: 'Edited by hand' });
    // Slow Graph down so the first run is still working when the others arrive.
    stack.graph.control.setKnobs({ latencyMinMs: 400, latencyMaxMs: 400 });
    try {
      const [first, second] = await Promise.all([post(JSON.stringify({ syncId })), post('')]);
      const answers = [
        {
          status: first.status,
          body: (await first.json()) as { jobId?: string; error?: { jobId?: string } },
        },
        {
          status: second.status,
          body: (await second.json()) as { jobId?: string; error?: { jobId?: string } },
        },
      ];
      const started = answers.find((answer) => answer.status === 202);
      const refused = answers.find((answer) => answer.status === 409);
      expect(started?.body.jobId).toBeDefined();
      expect(refused?.body.error?.jobId).toBe(started?.body.jobId);

      // The timer does not wait for the running job either: it reports the sync as busy.
      const timerRun = await stack.services.reconcile('timer:test', stack.logs.logger);
      const timerReport = timerRun.result as ReconcileRunReport;
      expect(timerReport.syncs).toMatchObject([{ syncId, status: 'skipped', reason: 'busy' }]);

      const job = await waitForJob(stack, started?.body.jobId ?? '');
      expect((job.result as ReconcileRunReport).syncs).toMatchObject([
        { syncId, status: 'done', counts: { updated: 1 } },
      ]);
    } finally {
      stack.graph.control.setKnobs({ latencyMinMs: 0, latencyMaxMs: 0 });
    }
    await settle(stack);
    const updates = stack.provisioning.filter(
      (entry) => entry.sourceUserId === user.id && entry.action === 'update',
    );
    expect(updates).toHaveLength(1);
    expect(updates[0]?.changedAttributes).toEqual(['department']);
  });
});
