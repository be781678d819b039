import { describe, expect, it } from 'vitest';
import { applyTargetChange, type ApplyDeps } from '../../src/app/apply-target-change.js';
import type { ApplyTrace } from '../../src/app/apply-trace.js';
import type { TargetChange } from '../../src/app/messages.js';
import {
  aDesiredState,
  aLink,
  aTargetUser,
  sourceUserId,
  targetUserId,
  tenantIds,
  testAnchorAttribute,
} from '../support/builders.js';
import { createFakeDirectoryProvider } from '../support/fakes/fake-user-directory.js';
import { createInMemoryState } from '../support/fakes/in-memory-state.js';
import { createTestClock, createTestLogger } from '../support/test-logger.js';

async function setup() {
  const clock = createTestClock();
  const state = createInMemoryState({ clock });
  const directories = createFakeDirectoryProvider(testAnchorAttribute);
  const target = directories.get(tenantIds.fabrikam);
  const deps: ApplyDeps = {
    links: state.links,
    directories,
    provisioningLog: state.provisioningLog,
    clock,
    logger: createTestLogger().logger,
    anchorAttribute: testAnchorAttribute,
  };
  await state.links.save(aLink(), null);
  return { state, target, deps };
}

function verifyingUpsert(verifyTarget: boolean): TargetChange {
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
    desired: aDesiredState(),
    verifyTarget,
  };
}

describe('applyTargetChange with verifyTarget', () => {
  it('trusts the link without reading the target when the change does not ask to verify', async () => {
    const { target, deps } = await setup();
    const outcome = await applyTargetChange(verifyingUpsert(false), deps);
    expect(outcome.plan.action).toBe('none');
    expect(target.calls).toEqual([]);
  });

  it('reads the linked user once and writes nothing when it is as desired', async () => {
    const { target, deps } = await setup();
    target.addUser(aTargetUser().attributes, targetUserId);
    const trace: ApplyTrace = {};
    const outcome = await applyTargetChange(verifyingUpsert(true), deps, trace);
    expect(outcome.plan.action).toBe('none');
    expect(target.calls.map((call) => call.method)).toEqual(['getUser']);
    expect(trace).toMatchObject({ verified: 'present', link: { targetUserId } });
  });

  it('restores a linked user that was deleted by hand and is still in deleted items', async () => {
    const { target, deps } = await setup();
    target.deleted.set(targetUserId, { ...aTargetUser().attributes });
    const outcome = await applyTargetChange(verifyingUpsert(true), deps);
    expect(outcome.plan).toMatchObject({ action: 'update', targetUserId });
    expect(outcome.plan.explanation).toContain('restored from deleted items');
    expect(target.users.has(targetUserId)).toBe(true);
    expect(target.writes).toMatchObject({ restores: 1, patches: 1, invitations: 0 });
  });

  it('re-creates a linked user that was deleted and purged, and links the new user', async () => {
    const { target, deps, state } = await setup();
    const trace: ApplyTrace = {};
    const outcome = await applyTargetChange(verifyingUpsert(true), deps, trace);
    expect(outcome.plan.action).toBe('create');
    expect(trace).toMatchObject({ verified: 'missing', match: { kind: 'none' } });
    const link = (await state.links.get('contoso-to-fabrikam', sourceUserId))?.value;
    expect(link?.targetUserId).not.toBe(targetUserId);
    expect(target.users.has(link?.targetUserId ?? '')).toBe(true);
  });
});
