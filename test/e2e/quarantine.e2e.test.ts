/**
 * Quarantine on the local stack: a target tenant that keeps failing (a persistent 503 fault in the
 * simulator) gets its sync quarantined — visible in status, its changes skipped instead of retried — and the
 * sync recovers: by itself once the fault is cleared and the back-off has passed (a probe succeeds), or at
 * once through `POST /api/syncs/{id}/resume`. Either way a full round provisions what was skipped.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { StatusReport, SyncStatus } from '../../src/app/sync-status.js';
import { adminFetch } from '../support/e2e-admin.js';
import { createMember, settle, waitForTargetUser, type SourceUser } from '../support/e2e-users.js';
import { eventually, startTestStack, type TestStack } from '../support/test-stack.js';

const syncId = 'contoso-to-fabrikam';

async function syncStatus(stack: TestStack): Promise<SyncStatus> {
  const report = (await (await adminFetch(stack, '/api/status')).json()) as StatusReport;
  const sync = report.syncs.find((candidate) => candidate.syncId === syncId);
  if (!sync) throw new Error(`status has no ${syncId}`);
  return sync;
}

/** Starts the stack, makes fabrikam fail every call, and creates users until the sync is quarantined. */
async function quarantineTheSync(baseBackoffMs: number) {
  const stack = await startTestStack(
    { example: 'one-to-one.yaml' },
    { quarantinePolicy: { minAttempts: 4, baseBackoffMs } },
  );
  await settle(stack);
  stack.graph.control.addFault({ tenantId: 'fabrikam', status: 503, probability: 1, retryAfterSeconds: 0 });
  const users: SourceUser[] = [];
  for (let i = 0; i < 4; i++) users.push(await createMember(stack, 'contoso', { department: 'Sales' }));
  const quarantined = await eventually(async () => {
    const sync = await syncStatus(stack);
    return sync.state === 'quarantined' ? sync : undefined;
  }, 'the sync to be quarantined');
  await settle(stack);
  return { stack, users, quarantined };
}

describe('quarantine (one-to-one, fabrikam failing)', () => {
  let stack: TestStack | undefined;
  afterEach(async () => {
    await stack?.stop();
    stack = undefined;
  });

  it('quarantines the failing sync, skips its changes, and lifts itself once a probe succeeds', async () => {
    const run = await quarantineTheSync(1_500);
    stack = run.stack;
    const { users, quarantined } = run;

    expect(quarantined.quarantine).toMatchObject({ backoffMs: 1_500, failedProbes: 0 });
    expect(quarantined.quarantine?.failures).toBeGreaterThan(0.4 * (quarantined.quarantine?.attempts ?? 0));
    expect(stack.provisioning.some((entry) => entry.reason.startsWith('sync quarantined until'))).toBe(true);
    // Nothing reached fabrikam: no user is linked (links are saved only once the target user exists).
    for (const user of users) expect(await stack.state.links.get(syncId, user.id)).toBeNull();
    expect(await stack.state.deadLetters.list(syncId)).toEqual([]);

    stack.graph.control.clearFaults();
    const retryAt = Date.parse(quarantined.quarantine?.retryAt ?? '');
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, retryAt - Date.now()) + 100));
    // The next change of the sync is the probe; its success releases the sync and a full round follows.
    const probe = await createMember(stack, 'contoso', { department: 'Sales' });

    for (const user of [probe, ...users]) await waitForTargetUser(stack, 'fabrikam', user);
    expect((await syncStatus(stack)).state).toBe('healthy');
  }, 60_000);

  it('lifts the quarantine at once when an operator resumes the sync after the fix', async () => {
    const run = await quarantineTheSync(10 * 60_000);
    stack = run.stack;
    stack.graph.control.clearFaults();

    const resumed = await adminFetch(stack, `/api/syncs/${syncId}/resume`, { method: 'POST' });

    expect(resumed.status).toBe(200);
    expect(await resumed.json()).toMatchObject({ wasQuarantined: true, wasPaused: false });
    for (const user of run.users) await waitForTargetUser(stack, 'fabrikam', user);
    expect((await syncStatus(stack)).state).toBe('healthy');
  }, 60_000);
});
