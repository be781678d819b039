/**
 * The deletion guard on the local stack: a topology whose filter drops every user of a sync with a low
 * deletionThreshold trips the guard, removes nothing (no Graph write in the target) and records a pending
 * guard; approving it completes the removals, rejecting it leaves the target users as they are — also
 * through later reconcile runs, while a later change of one of those users is decided afresh.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { GuardView } from '../../src/app/decide-guard.js';
import { guardedSyncId, tripTheGuard } from '../support/deletion-guard-scenario.js';
import { adminFetch, reconcileNow } from '../support/e2e-admin.js';
import { linkedUsers, settle, waitForTargetUser, writesIn } from '../support/e2e-users.js';
import type { TestStack } from '../support/test-stack.js';

const syncId = guardedSyncId;

describe('deletion guard (one-to-one, threshold 2)', () => {
  let stack: TestStack | undefined;
  afterEach(async () => {
    await stack?.stop();
    stack = undefined;
  });

  it('holds a scope change that would remove more than the threshold, and approving it completes the removals', async () => {
    const tripped = await tripTheGuard();
    stack = tripped.stack;
    const { users, guard, writesBefore } = tripped;

    // Nothing was removed: no write in fabrikam, every user still enabled, every removal held.
    expect(writesIn(stack, 'fabrikam')).toBe(writesBefore);
    for (const user of users)
      expect((await linkedUsers(stack, 'fabrikam', user))[0]?.accountEnabled).toBe(true);
    const { guards } = (await (await adminFetch(stack, `/api/guards?syncId=${syncId}`)).json()) as {
      guards: GuardView[];
    };
    expect(guards).toHaveLength(1);
    expect(guard).toMatchObject({ syncId, state: 'pending', trigger: 'notifications', limit: 2 });
    expect(guards[0]?.held).toBeGreaterThanOrEqual(users.length);
    const held = stack.provisioning.filter((entry) => entry.reason === `held by deletion guard ${guard.id}`);
    expect(held.length).toBe(guards[0]?.held);
    const status = (await (await adminFetch(stack, '/api/status')).json()) as { syncs: { state: string }[] };
    expect(status.syncs[0]?.state).toBe('guarded');

    const approved = await adminFetch(stack, `/api/guards/${guard.id}/approve`, { method: 'POST' });
    expect(approved.status).toBe(200);
    expect(await approved.json()).toMatchObject({ released: guards[0]?.held, guard: { state: 'approved' } });

    for (const user of users) {
      await waitForTargetUser(
        stack,
        'fabrikam',
        user,
        (found) => found.accountEnabled === false,
        'the disabled user',
      );
    }
    await settle(stack);
    expect(writesIn(stack, 'fabrikam') - writesBefore).toBe(guards[0]?.held);
    const after = (await (await adminFetch(stack, '/api/status')).json()) as { syncs: { state: string }[] };
    expect(after.syncs[0]?.state).toBe('healthy');
  }, 60_000);

  it('leaves the target users as they are when the guard is rejected', async () => {
    const tripped = await tripTheGuard();
    stack = tripped.stack;
    const { users, guard, writesBefore } = tripped;

    const rejected = await adminFetch(stack, `/api/guards/${guard.id}/reject`, { method: 'POST' });
    expect(rejected.status).toBe(200);
    await settle(stack);

    expect(writesIn(stack, 'fabrikam')).toBe(writesBefore);
    for (const user of users)
      expect((await linkedUsers(stack, 'fabrikam', user))[0]?.accountEnabled).toBe(true);
    const rejections = stack.provisioning.filter((entry) => entry.reason === 'removal rejected by operator');
    expect(rejections.map((entry) => entry.sourceUserId)).toEqual(
      expect.arrayContaining(users.map((user) => user.id)),
    );
    const again = await adminFetch(stack, `/api/guards/${guard.id}/approve`, { method: 'POST' });
    expect(again.status).toBe(409);
  }, 60_000);

  it('keeps the users an operator kept through a reconcile run, and still applies their later changes', async () => {
    const tripped = await tripTheGuard();
    stack = tripped.stack;
    const { users, guard } = tripped;
    const rejected = await adminFetch(stack, `/api/guards/${guard.id}/reject`, { method: 'POST' });
    expect(rejected.status).toBe(200);
    await settle(stack);
    const writesBefore = writesIn(stack, 'fabrikam');

    const report = await reconcileNow(stack, syncId);
    await settle(stack);

    // The mirror still says "remove" for all of them, but the operator's answer stands: no removal, no guard.
    expect(report).toMatchObject({ status: 'done' });
    expect(report).not.toHaveProperty('guardId');
    expect(writesIn(stack, 'fabrikam')).toBe(writesBefore);
    for (const user of users)
      expect((await linkedUsers(stack, 'fabrikam', user))[0]?.accountEnabled).toBe(true);
    const pending = await adminFetch(stack, `/api/guards?syncId=${syncId}&state=pending`);
    expect(((await pending.json()) as { guards: GuardView[] }).guards).toEqual([]);

    // One of them comes back into scope (an update), then leaves again: a new decision, applied.
    const [mover, ...others] = users;
    if (!mover) throw new Error('no users');
    const contoso = stack.admin('contoso');
    await contoso.api(`/users/${mover.id}`).patch({ department: 'No such department' });
    await waitForTargetUser(
      stack,
      'fabrikam',
      mover,
      (u) => u.department === 'No such department',
      'the mover',
    );
    await contoso.api(`/users/${mover.id}`).patch({ department: 'Sales' });
    await waitForTargetUser(stack, 'fabrikam', mover, (u) => u.accountEnabled === false, 'the leaver');
    await settle(stack);
    for (const user of others)
      expect((await linkedUsers(stack, 'fabrikam', user))[0]?.accountEnabled).toBe(true);
  }, 90_000);
});
