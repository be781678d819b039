import { describe, expect, it } from 'vitest';
import type { RemovalPolicy, RemovalReason } from '../../src/core/desired-state.js';
import { planForLinkedUser, planForMatch, type UserChange } from '../../src/core/plan-user-sync.js';
import {
  aDesiredState,
  aLink,
  aTargetUser,
  sourceAnchor,
  targetUserId,
  testAnchorAttribute,
} from '../support/builders.js';

const disableThenDelete: RemovalPolicy = { mode: 'disable', deleteAfterDays: 30 };
const deleteAtOnce: RemovalPolicy = { mode: 'delete', deleteAfterDays: 0 };

function upsert(desired = aDesiredState(), sourceVersion = 4): UserChange {
  return { kind: 'upsert', desired, sourceVersion };
}

function remove(
  policy = disableThenDelete,
  reason: RemovalReason = 'out-of-scope',
  sourceVersion = 4,
): UserChange {
  return { kind: 'remove', reason, policy, sourceVersion };
}

describe('planForLinkedUser', () => {
  describe('ordering', () => {
    it('ignores a change older than the applied one as stale', () => {
      const plan = planForLinkedUser({
        change: upsert(aDesiredState({ jobTitle: 'CEO' }), 2),
        link: aLink(),
      });
      expect(plan).toMatchObject({ action: 'none', reason: 'stale', graphWrites: 0, changedAttributes: [] });
    });

    it('ignores an older removal as stale too', () => {
      expect(planForLinkedUser({ change: remove(deleteAtOnce, 'deleted', 1), link: aLink() })).toMatchObject({
        action: 'none',
        reason: 'stale',
      });
    });

    it('keeps an older upsert stale after a removal recorded an absent link', () => {
      const link = aLink({ state: 'absent', targetUserId: null, sourceVersion: 5 });
      expect(planForLinkedUser({ change: upsert(aDesiredState(), 4), link })).toMatchObject({
        reason: 'stale',
      });
    });

    it('applies a redelivered change of the same version (idempotent)', () => {
      const desired = aDesiredState({ jobTitle: 'CEO' });
      expect(planForLinkedUser({ change: upsert(desired, 3), link: aLink() })).toMatchObject({
        action: 'update',
      });
    });
  });

  describe('upsert', () => {
    it.each([
      ['there is no link', null],
      ['the link is absent', aLink({ state: 'absent', targetUserId: null })],
      ['the link has no target user', aLink({ targetUserId: null })],
    ])('asks for a match when %s', (_name, link) => {
      expect(planForLinkedUser({ change: upsert(), link })).toMatchObject({ action: 'match' });
    });

    it('does nothing when the desired hash equals the applied hash', () => {
      expect(planForLinkedUser({ change: upsert(), link: aLink() })).toEqual({
        action: 'none',
        reason: 'unchanged',
        desired: aDesiredState(),
        changedAttributes: [],
        graphWrites: 0,
        explanation: 'The target user already has the desired attributes.',
      });
    });

    it('patches only the attributes that changed', () => {
      const desired = aDesiredState({ jobTitle: 'Sales Director', department: 'Sales EMEA' });
      const plan = planForLinkedUser({ change: upsert(desired), link: aLink() });
      expect(plan).toMatchObject({
        action: 'update',
        targetUserId,
        patch: { jobTitle: 'Sales Director', department: 'Sales EMEA' },
        changedAttributes: ['department', 'jobTitle'],
        graphWrites: 1,
      });
    });

    it('never re-applies onCreate attributes on update', () => {
      const linked = aDesiredState();
      const desired = { ...aDesiredState({ jobTitle: 'CEO' }), onCreateOnly: { companyName: 'Other' } };
      const plan = planForLinkedUser({ change: upsert(desired), link: aLink({ desired: linked }) });
      expect(plan).toMatchObject({ action: 'update', patch: { jobTitle: 'CEO' } });
      expect(plan.action === 'update' && Object.keys(plan.patch)).toEqual(['jobTitle']);
    });

    it('writes nothing when only the hash changed (e.g. an onCreate attribute)', () => {
      const desired = { ...aDesiredState(), onCreateOnly: { companyName: 'Other' }, hash: 'new-hash' };
      expect(planForLinkedUser({ change: upsert(desired), link: aLink() })).toMatchObject({
        action: 'none',
        reason: 'unchanged',
        desired: { hash: 'new-hash' },
        graphWrites: 0,
      });
    });

    it('restores a disabled target user by re-enabling and showing it again', () => {
      const link = aLink({
        state: 'disabled',
        appliedAttributes: { ...aLink().appliedAttributes, accountEnabled: false, showInAddressList: false },
      });
      const plan = planForLinkedUser({ change: upsert(), link });
      expect(plan).toMatchObject({
        action: 'restore',
        from: 'disabled',
        targetUserId,
        patch: { accountEnabled: true, showInAddressList: true },
        changedAttributes: ['accountEnabled', 'showInAddressList'],
        graphWrites: 1,
      });
    });

    it('restores a disabled user even when its desired hash did not change', () => {
      const link = aLink({
        state: 'disabled',
        appliedAttributes: { ...aLink().appliedAttributes, accountEnabled: false },
      });
      expect(planForLinkedUser({ change: upsert(), link })).toMatchObject({ action: 'restore' });
    });

    it('restores a deleted target user from deleted items and patches what changed', () => {
      const link = aLink({
        state: 'deleted',
        appliedAttributes: { ...aLink().appliedAttributes, accountEnabled: false },
      });
      expect(planForLinkedUser({ change: upsert(aDesiredState({ city: 'Utrecht' })), link })).toMatchObject({
        action: 'restore',
        from: 'deleted',
        patch: { accountEnabled: true, city: 'Utrecht' },
        graphWrites: 2,
      });
    });

    it('restores a deleted user with the restore alone when nothing else changed', () => {
      const plan = planForLinkedUser({ change: upsert(), link: aLink({ state: 'deleted' }) });
      expect(plan).toMatchObject({ action: 'restore', from: 'deleted', patch: {}, graphWrites: 1 });
    });
  });

  describe('remove', () => {
    it('disables an active target user and hides it from the address list', () => {
      expect(planForLinkedUser({ change: remove(disableThenDelete), link: aLink() })).toMatchObject({
        action: 'disable',
        targetUserId,
        patch: { accountEnabled: false, showInAddressList: false },
        changedAttributes: ['accountEnabled', 'showInAddressList'],
        graphWrites: 1,
      });
    });

    it('leaves address-list visibility alone when the sync does not manage it', () => {
      const appliedAttributes = { ...aLink().appliedAttributes };
      delete appliedAttributes.showInAddressList;
      const plan = planForLinkedUser({ change: remove(), link: aLink({ appliedAttributes }) });
      expect(plan).toMatchObject({ action: 'disable', patch: { accountEnabled: false } });
      expect(plan.action === 'disable' && plan.patch).not.toHaveProperty('showInAddressList');
    });

    it('deletes an active target user when the policy says delete', () => {
      expect(planForLinkedUser({ change: remove(deleteAtOnce, 'deleted'), link: aLink() })).toMatchObject({
        action: 'delete',
        targetUserId,
        changedAttributes: [],
        graphWrites: 1,
      });
    });

    it('deletes a disabled target user when the policy became delete', () => {
      expect(
        planForLinkedUser({ change: remove(deleteAtOnce), link: aLink({ state: 'disabled' }) }),
      ).toMatchObject({
        action: 'delete',
      });
    });

    it.each([
      ['a disabled link', aLink({ state: 'disabled' }), disableThenDelete],
      ['a deleted link', aLink({ state: 'deleted' }), deleteAtOnce],
      ['an absent link', aLink({ state: 'absent', targetUserId: null }), disableThenDelete],
      ['no link', null, deleteAtOnce],
    ])('does nothing for %s (already removed)', (_name, link, policy) => {
      expect(planForLinkedUser({ change: remove(policy), link })).toMatchObject({
        action: 'none',
        reason: 'already-removed',
        graphWrites: 0,
      });
    });
  });
});

describe('planForMatch', () => {
  const desired = aDesiredState();

  it('creates the user when nothing matches: an invitation and one PATCH with the anchor', () => {
    const plan = planForMatch({
      desired,
      anchor: sourceAnchor,
      anchorAttribute: testAnchorAttribute,
      match: { kind: 'none' },
    });
    expect(plan).toMatchObject({ action: 'create', invitation: desired.invitation, graphWrites: 2 });
    if (plan.action !== 'create') throw new Error('expected create');
    expect(plan.patch).toMatchObject({
      ...withoutEmpty(desired.attributes),
      [testAnchorAttribute]: sourceAnchor,
    });
    expect(plan.patch).not.toHaveProperty('state');
    expect(plan.changedAttributes).toEqual(Object.keys(plan.patch).sort());
  });

  it('writes onCreate attributes on create', () => {
    const withOnCreate = { ...desired, onCreateOnly: { jobTitle: 'Consultant' } };
    const plan = planForMatch({
      desired: withOnCreate,
      anchor: sourceAnchor,
      anchorAttribute: testAnchorAttribute,
      match: { kind: 'none' },
    });
    expect(plan.action === 'create' && plan.patch.jobTitle).toBe('Consultant');
  });

  it('adopts the user found by anchor without writing when it already looks as desired', () => {
    const plan = planForMatch({
      desired,
      anchor: sourceAnchor,
      anchorAttribute: testAnchorAttribute,
      match: { kind: 'anchor', user: aTargetUser() },
    });
    expect(plan).toMatchObject({
      action: 'adopt',
      matchedBy: 'anchor',
      targetUserId,
      patch: {},
      changedAttributes: [],
      graphWrites: 0,
    });
  });

  it('adopts a disabled user found by anchor by re-enabling it', () => {
    const user = aTargetUser({ accountEnabled: false, jobTitle: 'Old title' });
    const plan = planForMatch({
      desired,
      anchor: sourceAnchor,
      anchorAttribute: testAnchorAttribute,
      match: { kind: 'anchor', user },
    });
    expect(plan).toMatchObject({
      action: 'adopt',
      patch: { accountEnabled: true, jobTitle: 'Account Manager' },
      graphWrites: 1,
    });
  });

  it('adopts an unanchored external user found by mail and stamps the anchor', () => {
    const user = aTargetUser({ [testAnchorAttribute]: null, userType: 'Guest' });
    const plan = planForMatch({
      desired,
      anchor: sourceAnchor,
      anchorAttribute: testAnchorAttribute,
      match: { kind: 'mail', user },
    });
    expect(plan).toMatchObject({
      action: 'adopt',
      matchedBy: 'mail',
      patch: { userType: 'Member', [testAnchorAttribute]: sourceAnchor },
      changedAttributes: [testAnchorAttribute, 'userType'].sort(),
      graphWrites: 1,
    });
  });

  it('includes differing onCreate attributes when adopting', () => {
    const withOnCreate = { ...desired, onCreateOnly: { jobTitle: 'Consultant' } };
    const plan = planForMatch({
      desired: withOnCreate,
      anchor: sourceAnchor,
      anchorAttribute: testAnchorAttribute,
      match: { kind: 'mail', user: aTargetUser() },
    });
    expect(plan).toMatchObject({ action: 'adopt', patch: { jobTitle: 'Consultant' } });
  });

  it('matches our anchor case-insensitively', () => {
    const user = aTargetUser({ [testAnchorAttribute]: sourceAnchor.toUpperCase() });
    const plan = planForMatch({
      desired,
      anchor: sourceAnchor,
      anchorAttribute: testAnchorAttribute,
      match: { kind: 'mail', user },
    });
    expect(plan).toMatchObject({ action: 'adopt', patch: {} });
  });

  it("reports a conflict when the user found by mail carries another person's anchor", () => {
    const other = '33333333-3333-4333-8333-333333333333:0f0e0d0c-0b0a-4909-8807-060504030201';
    const user = aTargetUser({ [testAnchorAttribute]: other });
    const plan = planForMatch({
      desired,
      anchor: sourceAnchor,
      anchorAttribute: testAnchorAttribute,
      match: { kind: 'mail', user },
    });
    expect(plan).toMatchObject({ action: 'conflict', targetUserId, graphWrites: 0, changedAttributes: [] });
    expect(plan.action === 'conflict' && plan.reason).toContain(other);
  });
});

function withoutEmpty(attributes: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(attributes).filter(
      ([, value]) => value !== null && !(Array.isArray(value) && value.length === 0),
    ),
  );
}
