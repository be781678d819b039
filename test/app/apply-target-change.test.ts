import { describe, expect, it } from 'vitest';
import { applyTargetChange, type ApplyDeps } from '../../src/app/apply-target-change.js';
import type { TargetChange } from '../../src/app/messages.js';
import { SyncError } from '../../src/core/sync-errors.js';
import {
  aDesiredState,
  aLink,
  aTargetUser,
  sourceAnchor,
  sourceUserId,
  targetUserId,
  tenantIds,
  testAnchorAttribute,
} from '../support/builders.js';
import { createFakeDirectoryProvider } from '../support/fakes/fake-user-directory.js';
import { createInMemoryState } from '../support/fakes/in-memory-state.js';
import { createTestClock, createTestLogger } from '../support/test-logger.js';

function setup() {
  const clock = createTestClock();
  const state = createInMemoryState({ clock });
  const directories = createFakeDirectoryProvider(testAnchorAttribute);
  const target = directories.get(tenantIds.fabrikam);
  const { logger } = createTestLogger();
  const deps: ApplyDeps = {
    links: state.links,
    directories,
    provisioningLog: state.provisioningLog,
    clock,
    logger,
    anchorAttribute: testAnchorAttribute,
  };
  return { clock, state, target, deps };
}

function upsert(
  overrides: Partial<Extract<TargetChange, { kind: 'upsert' }>> = {},
  source = {},
): TargetChange {
  return {
    kind: 'upsert',
    syncId: 'contoso-to-fabrikam',
    sourceTenantId: tenantIds.contoso,
    sourceUserId,
    targetTenantId: tenantIds.fabrikam,
    sourceVersion: 4,
    removalPolicy: { mode: 'disable', deleteAfterDays: 30 },
    correlationId: 'c-1',
    attempt: 0,
    desired: aDesiredState(source),
    ...overrides,
  };
}

function removal(
  reason: 'deleted' | 'disabled' | 'out-of-scope' = 'deleted',
  sourceVersion = 5,
): TargetChange {
  return {
    kind: 'remove',
    syncId: 'contoso-to-fabrikam',
    sourceTenantId: tenantIds.contoso,
    sourceUserId,
    targetTenantId: tenantIds.fabrikam,
    sourceVersion,
    removalPolicy: { mode: 'disable', deleteAfterDays: 30 },
    correlationId: 'c-2',
    attempt: 0,
    reason,
  };
}

describe('applyTargetChange', () => {
  it('invites an external member and stamps attributes and anchor in one PATCH (2 writes)', async () => {
    const { target, state, deps } = setup();
    const outcome = await applyTargetChange(upsert(), deps);

    expect(outcome.plan.action).toBe('create');
    expect(target.writes.invitations).toBe(1);
    expect(target.writes.patches).toBe(1);
    const [id, user] = [...target.users][0] ?? [];
    expect(user?.[testAnchorAttribute]).toBe(sourceAnchor);
    expect(user?.userType).toBe('Member');
    expect(user?.showInAddressList).toBe(true);
    expect(user?.department).toBe('Sales');
    const link = await state.links.get('contoso-to-fabrikam', sourceUserId);
    expect(link?.value).toMatchObject({ targetUserId: id, state: 'active', sourceVersion: 4 });
    const log = await state.provisioningLog.query({ since: new Date(0) });
    expect(log[0]).toMatchObject({ action: 'create', outcome: 'success', graphWrites: 2 });
  });

  it('makes no Graph call at all when the desired state is unchanged', async () => {
    const { target, state, deps } = setup();
    await state.links.save(aLink(), null);
    const outcome = await applyTargetChange(upsert(), deps);
    expect(outcome.plan).toMatchObject({ action: 'none', reason: 'unchanged' });
    expect(target.calls).toEqual([]);
  });

  it('creates the user in the new target when the link points into the sync previous target tenant', async () => {
    const { target, state, deps } = setup();
    // The sync used to go to northwind; its link still names a northwind user.
    await state.links.save(aLink({ targetTenantId: tenantIds.northwind }), null);

    const outcome = await applyTargetChange(upsert(), deps);
    expect(outcome.plan.action).toBe('create');
    expect(target.users.size).toBe(1);
    const link = await state.links.get('contoso-to-fabrikam', sourceUserId);
    expect(link?.value).toMatchObject({
      targetTenantId: tenantIds.fabrikam,
      targetUserId: [...target.users.keys()][0],
      state: 'active',
    });
  });

  it('patches only the attributes that changed (1 write)', async () => {
    const { target, state, deps } = setup();
    target.addUser(aTargetUser().attributes, targetUserId);
    await state.links.save(aLink(), null);
    await applyTargetChange(upsert({}, { department: 'Marketing', jobTitle: 'Lead' }), deps);
    expect(target.writes.total()).toBe(1);
    const patch = target.calls.find((c) => c.method === 'updateUser')?.arg as { attributes: object };
    expect(Object.keys(patch.attributes).sort()).toEqual(['department', 'jobTitle']);
  });

  it('adopts the user an earlier attempt invited before it crashed, without a second invitation', async () => {
    const { target, deps } = setup();
    // The invitation went through, then the process died before the PATCH and the link save.
    await target.inviteExternalMember(aDesiredState().invitation);
    await applyTargetChange(upsert(), deps);
    expect(target.users.size).toBe(1);
    expect(target.writes.invitations).toBe(1);
    expect(target.writes.total()).toBe(2);
    expect([...target.users.values()][0]?.[testAnchorAttribute]).toBe(sourceAnchor);
  });

  it('adopts a target user found by anchor when the link table was lost', async () => {
    const { target, deps } = setup();
    target.addUser(aTargetUser().attributes, targetUserId);
    const outcome = await applyTargetChange(upsert(), deps);
    expect(outcome.plan).toMatchObject({ action: 'adopt', matchedBy: 'anchor' });
    expect(target.writes.invitations).toBe(0);
  });

  it('refuses to take over a target user that carries another person anchor', async () => {
    const { target, state, deps } = setup();
    target.addUser(
      aTargetUser({ [testAnchorAttribute]: `${tenantIds.contoso}:00000000-0000-4000-8000-000000000001` })
        .attributes,
    );
    const error = await applyTargetChange(upsert(), deps).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SyncError);
    expect((error as SyncError).code).toBe('SYNC.TARGET_CONFLICT');
    expect((error as SyncError).retryable).toBe(false);
    const log = await state.provisioningLog.query({ since: new Date(0) });
    expect(log[0]).toMatchObject({ outcome: 'failure', errorCode: 'SYNC.TARGET_CONFLICT' });
  });

  it('blocks sign-in and hides the user when the source user leaves', async () => {
    const { target, state, deps, clock } = setup();
    target.addUser(aTargetUser().attributes, targetUserId);
    await state.links.save(aLink(), null);
    await applyTargetChange(removal('deleted'), deps);
    expect(target.users.get(targetUserId)).toMatchObject({ accountEnabled: false, showInAddressList: false });
    const link = await state.links.get('contoso-to-fabrikam', sourceUserId);
    expect(link?.value).toMatchObject({ state: 'disabled', disabledAt: clock.now().toISOString() });
  });

  it('re-enables and shows the user again when the source user returns', async () => {
    const { target, state, deps } = setup();
    target.addUser(aTargetUser().attributes, targetUserId);
    await state.links.save(aLink(), null);
    await applyTargetChange(removal('disabled', 5), deps);
    await applyTargetChange(upsert({ sourceVersion: 6 }), deps);
    expect(target.users.get(targetUserId)).toMatchObject({ accountEnabled: true, showInAddressList: true });
    expect((await state.links.get('contoso-to-fabrikam', sourceUserId))?.value.state).toBe('active');
  });

  it('ignores an older rescheduled copy once a newer removal was applied', async () => {
    const { target, deps } = setup();
    await applyTargetChange(removal('deleted', 5), deps);
    const outcome = await applyTargetChange(upsert({ sourceVersion: 4, attempt: 1 }), deps);
    expect(outcome.plan).toMatchObject({ action: 'none', reason: 'stale' });
    expect(target.users.size).toBe(0);
  });

  it('re-creates a target user that was hard-deleted out of band', async () => {
    const { target, state, deps } = setup();
    await state.links.save(aLink(), null);
    const outcome = await applyTargetChange(upsert({}, { department: 'Legal' }), deps);
    expect(outcome.plan.action).toBe('create');
    expect(target.users.size).toBe(1);
    const link = await state.links.get('contoso-to-fabrikam', sourceUserId);
    expect(link?.value.targetUserId).not.toBe(targetUserId);
  });

  it('restores from deleted items a target user deleted out of band', async () => {
    const { target, state, deps } = setup();
    target.addUser(aTargetUser().attributes, targetUserId);
    await target.deleteUser(targetUserId);
    await state.links.save(aLink(), null);
    await applyTargetChange(upsert({}, { department: 'Legal' }), deps);
    expect(target.users.get(targetUserId)?.department).toBe('Legal');
    expect(target.writes.restores).toBe(1);
  });

  it('logs the failure and rethrows a retryable throttling error', async () => {
    const { target, state, deps } = setup();
    target.failNext(
      'inviteExternalMember',
      new SyncError('GRAPH.THROTTLED', 'slow down', { retryable: true, retryAfterMs: 2000 }),
    );
    await expect(applyTargetChange(upsert(), deps)).rejects.toMatchObject({
      code: 'GRAPH.THROTTLED',
      retryable: true,
    });
    const log = await state.provisioningLog.query({ since: new Date(0) });
    expect(log[0]).toMatchObject({ outcome: 'failure', errorCode: 'GRAPH.THROTTLED', graphWrites: 0 });
    expect(await state.links.get('contoso-to-fabrikam', sourceUserId)).toBeNull();
  });

  it('converges on redelivery: the same change twice writes once', async () => {
    const { target, deps } = setup();
    await applyTargetChange(upsert(), deps);
    await applyTargetChange(upsert(), deps);
    expect(target.writes.total()).toBe(2);
    expect(target.users.size).toBe(1);
  });

  it('disables the invited user when the person leaves after a create stopped between invitation and PATCH', async () => {
    const { target, state, deps } = setup();
    target.failNext('updateUser', new SyncError('GRAPH.UNAVAILABLE', 'down', { retryable: true }));
    await expect(applyTargetChange(upsert({ sourceVersion: 4 }), deps)).rejects.toMatchObject({
      code: 'GRAPH.UNAVAILABLE',
    });
    await applyTargetChange(removal('deleted', 5), deps);
    const [invited] = [...target.users.values()];
    expect(invited).toMatchObject({ accountEnabled: false });
    // The older create, retried late, no longer applies.
    const late = await applyTargetChange(upsert({ sourceVersion: 4, attempt: 1 }), deps);
    expect(late.plan).toMatchObject({ action: 'none', reason: 'stale' });
    expect(target.writes.invitations).toBe(1);
    expect((await state.links.get('contoso-to-fabrikam', sourceUserId))?.value.state).toBe('disabled');
  });

  it('finishes an interrupted create on retry by adopting the invited user with its anchor', async () => {
    const { target, deps } = setup();
    target.failNext('updateUser', new SyncError('GRAPH.UNAVAILABLE', 'down', { retryable: true }));
    await expect(applyTargetChange(upsert(), deps)).rejects.toMatchObject({ code: 'GRAPH.UNAVAILABLE' });
    const retried = await applyTargetChange(upsert({ attempt: 1 }), deps);
    expect(retried.plan.action).toBe('adopt');
    expect(target.writes).toMatchObject({ invitations: 1, patches: 1 });
    expect([...target.users.values()][0]?.[testAnchorAttribute]).toBe(sourceAnchor);
  });

  it('re-enables and stamps an interrupted create whose person left and came back', async () => {
    const { target, deps } = setup();
    target.failNext('updateUser', new SyncError('GRAPH.UNAVAILABLE', 'down', { retryable: true }));
    await expect(applyTargetChange(upsert({ sourceVersion: 4 }), deps)).rejects.toBeDefined();
    await applyTargetChange(removal('disabled', 5), deps);
    await applyTargetChange(upsert({ sourceVersion: 6 }), deps);
    expect([...target.users.values()][0]).toMatchObject({
      accountEnabled: true,
      [testAnchorAttribute]: sourceAnchor,
    });
  });

  it('refuses an invitation that returned a user already carrying another person anchor', async () => {
    const { target, deps } = setup();
    // A B2B user with this mail already exists for someone else, and the mail search missed it (lag).
    const other = target.addUser({
      ...aTargetUser().attributes,
      [testAnchorAttribute]: `${tenantIds.northwind}:00000000-0000-4000-8000-000000000009`,
    });
    const search = target.findExternalUsersByMail.bind(target);
    target.findExternalUsersByMail = () => Promise.resolve([]);
    const error = await applyTargetChange(upsert(), deps).catch((e: unknown) => e);
    target.findExternalUsersByMail = search;
    expect(error).toMatchObject({ code: 'SYNC.TARGET_CONFLICT', retryable: false });
    expect(target.users.get(other)?.[testAnchorAttribute]).toBe(
      `${tenantIds.northwind}:00000000-0000-4000-8000-000000000009`,
    );
    expect(target.writes.patches).toBe(0);
  });

  it('retries, rather than gives up, when the user it just invited is not writable yet', async () => {
    const { target, deps } = setup();
    target.failNext('updateUser', new SyncError('GRAPH.NOT_FOUND', 'Resource does not exist'));
    await expect(applyTargetChange(upsert(), deps)).rejects.toMatchObject({
      code: 'GRAPH.NOT_FOUND',
      retryable: true,
    });
  });

  it('makes no Graph call to remove a linked user that was already deleted by hand', async () => {
    const { target, state, deps } = setup();
    await state.links.save(aLink(), null);
    await applyTargetChange(removal('deleted'), deps);
    expect(target.calls.filter((c) => c.method === 'deleteUser')).toEqual([]);
    expect((await state.links.get('contoso-to-fabrikam', sourceUserId))?.value.state).toBe('deleted');
  });
});
