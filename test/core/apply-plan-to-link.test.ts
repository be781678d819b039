import { describe, expect, it } from 'vitest';
import { applyPlanToLink, type LinkKey } from '../../src/core/apply-plan-to-link.js';
import type { Link } from '../../src/core/link.js';
import { planForLinkedUser, planForMatch, type UserChange } from '../../src/core/plan-user-sync.js';
import type { ConflictPlan, SyncPlan } from '../../src/core/sync-plan.js';
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

const now = new Date('2025-03-01T12:00:00.000Z');
const key: LinkKey = {
  syncId: 'contoso-to-fabrikam',
  sourceTenantId: tenantIds.contoso,
  sourceUserId,
  targetTenantId: tenantIds.fabrikam,
};
const removeByDisabling: UserChange = {
  kind: 'remove',
  reason: 'disabled',
  policy: { mode: 'disable', deleteAfterDays: 30 },
  sourceVersion: 4,
};

function noConflict(plan: SyncPlan | ConflictPlan): SyncPlan {
  if (plan.action === 'conflict') throw new Error(`unexpected conflict: ${plan.reason}`);
  return plan;
}

function planned(change: UserChange, link: Link | null): SyncPlan {
  const plan = planForLinkedUser({ change, link });
  if (plan.action === 'match') throw new Error('expected a plan, got match');
  return plan;
}

describe('applyPlanToLink', () => {
  it('links a created user as active with everything it wrote, except the anchor', () => {
    const desired = { ...aDesiredState(), onCreateOnly: { jobTitle: 'Consultant' } };
    const plan = noConflict(
      planForMatch({
        desired,
        anchor: sourceAnchor,
        anchorAttribute: testAnchorAttribute,
        match: { kind: 'none' },
      }),
    );
    const link = applyPlanToLink({
      plan,
      link: null,
      key,
      sourceVersion: 1,
      now,
      createdUserId: targetUserId,
    });
    expect(link).toEqual({
      ...key,
      targetUserId,
      state: 'active',
      appliedHash: desired.hash,
      appliedAttributes: { ...desired.attributes, jobTitle: 'Consultant' },
      sourceVersion: 1,
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
      disabledAt: null,
      deletedAt: null,
      lastError: null,
    });
  });

  it('refuses a create plan without the created user id', () => {
    const plan = noConflict(
      planForMatch({
        desired: aDesiredState(),
        anchor: sourceAnchor,
        anchorAttribute: testAnchorAttribute,
        match: { kind: 'none' },
      }),
    );
    expect(() => applyPlanToLink({ plan, link: null, key, sourceVersion: 1, now })).toThrow(
      /created user id/,
    );
  });

  it('links an adopted user to the found user id and replaces an absent link', () => {
    const plan = noConflict(
      planForMatch({
        desired: aDesiredState(),
        anchor: sourceAnchor,
        anchorAttribute: testAnchorAttribute,
        match: { kind: 'mail', user: aTargetUser({ id: 'c0ffee00-0000-4000-8000-000000000001' }) },
      }),
    );
    const absent = aLink({
      state: 'absent',
      targetUserId: null,
      sourceVersion: 2,
      appliedHash: null,
      appliedAttributes: {},
    });
    const link = applyPlanToLink({ plan, link: absent, key, sourceVersion: 3, now });
    expect(link).toMatchObject({
      targetUserId: 'c0ffee00-0000-4000-8000-000000000001',
      state: 'active',
      appliedHash: aDesiredState().hash,
      sourceVersion: 3,
    });
    expect(link.createdAt).toBe(absent.createdAt);
  });

  it('merges an update into the applied attributes and records the new hash and version', () => {
    const desired = aDesiredState({ jobTitle: 'Sales Director' });
    const previous = aLink({
      lastError: { code: 'GRAPH.THROTTLED', message: 'throttled', at: '2025-02-01T00:00:00.000Z' },
    });
    const link = applyPlanToLink({
      plan: planned({ kind: 'upsert', desired, sourceVersion: 4 }, previous),
      link: previous,
      key,
      sourceVersion: 4,
      now,
    });
    expect(link).toMatchObject({
      state: 'active',
      appliedHash: desired.hash,
      sourceVersion: 4,
      updatedAt: now.toISOString(),
      lastError: null,
    });
    expect(link.appliedAttributes).toEqual({ ...previous.appliedAttributes, jobTitle: 'Sales Director' });
  });

  it('records a disable with its time and the values it wrote, so a later restore is a diff', () => {
    const previous = aLink();
    const link = applyPlanToLink({
      plan: planned(removeByDisabling, previous),
      link: previous,
      key,
      sourceVersion: 4,
      now,
    });
    expect(link).toMatchObject({
      state: 'disabled',
      disabledAt: now.toISOString(),
      appliedHash: previous.appliedHash,
    });
    expect(link.appliedAttributes).toMatchObject({ accountEnabled: false, showInAddressList: false });
    const restore = planned({ kind: 'upsert', desired: aDesiredState(), sourceVersion: 5 }, link);
    expect(restore).toMatchObject({
      action: 'restore',
      patch: { accountEnabled: true, showInAddressList: true },
    });
  });

  it('records a delete with its time and keeps the disable time', () => {
    const previous = aLink({ state: 'disabled', disabledAt: '2025-02-01T00:00:00.000Z' });
    const change: UserChange = { ...removeByDisabling, policy: { mode: 'delete', deleteAfterDays: 0 } };
    const link = applyPlanToLink({
      plan: planned(change, previous),
      link: previous,
      key,
      sourceVersion: 4,
      now,
    });
    expect(link).toMatchObject({
      state: 'deleted',
      deletedAt: now.toISOString(),
      disabledAt: '2025-02-01T00:00:00.000Z',
    });
  });

  it('makes a restored link active again and clears the removal times', () => {
    const previous = aLink({
      state: 'deleted',
      disabledAt: '2025-02-01T00:00:00.000Z',
      deletedAt: '2025-02-02T00:00:00.000Z',
    });
    const link = applyPlanToLink({
      plan: planned({ kind: 'upsert', desired: aDesiredState(), sourceVersion: 4 }, previous),
      link: previous,
      key,
      sourceVersion: 4,
      now,
    });
    expect(link).toMatchObject({ state: 'active', disabledAt: null, deletedAt: null, sourceVersion: 4 });
  });

  it('records the new hash and version of an unchanged user without touching its attributes', () => {
    const previous = aLink();
    const desired = { ...aDesiredState(), hash: 'next' };
    const link = applyPlanToLink({
      plan: planned({ kind: 'upsert', desired, sourceVersion: 7 }, previous),
      link: previous,
      key,
      sourceVersion: 7,
      now,
    });
    expect(link).toMatchObject({
      appliedHash: 'next',
      sourceVersion: 7,
      appliedAttributes: previous.appliedAttributes,
    });
  });

  it('returns the link untouched for a stale change', () => {
    const previous = aLink({ sourceVersion: 9 });
    const plan = planned(
      { kind: 'upsert', desired: aDesiredState({ jobTitle: 'CEO' }), sourceVersion: 4 },
      previous,
    );
    expect(applyPlanToLink({ plan, link: previous, key, sourceVersion: 4, now })).toBe(previous);
  });

  it('records an absent link for a removal with no link, so an older upsert arriving later is stale', () => {
    const link = applyPlanToLink({
      plan: planned(removeByDisabling, null),
      link: null,
      key,
      sourceVersion: 4,
      now,
    });
    expect(link).toMatchObject({
      ...key,
      state: 'absent',
      targetUserId: null,
      sourceVersion: 4,
      appliedHash: null,
    });
    expect(
      planForLinkedUser({ change: { kind: 'upsert', desired: aDesiredState(), sourceVersion: 3 }, link }),
    ).toMatchObject({ reason: 'stale' });
  });

  it('never lowers the source version', () => {
    const previous = aLink({ sourceVersion: 4 });
    const plan = planned(
      { kind: 'upsert', desired: aDesiredState({ city: 'Delft' }), sourceVersion: 4 },
      previous,
    );
    expect(applyPlanToLink({ plan, link: previous, key, sourceVersion: 2, now }).sourceVersion).toBe(4);
  });
});
