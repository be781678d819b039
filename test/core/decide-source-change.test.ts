import { describe, expect, it } from 'vitest';
import { computeDesiredState } from '../../src/core/compute-desired-state.js';
import { decideSourceChange, type SourceUserState } from '../../src/core/decide-source-change.js';
import type { UserAttributes } from '../../src/core/user-attributes.js';
import { aSourceUser, aSync, sourceAnchor, testAnchorAttribute } from '../support/builders.js';

const salesOnly = aSync({
  scope: [{ clauses: [{ attribute: 'department', operator: 'equals', value: 'Sales' }] }],
});

function decide(attributes: UserAttributes, state: SourceUserState = 'present') {
  return decideSourceChange({
    user: { attributes, state },
    sync: salesOnly,
    anchorAttribute: testAnchorAttribute,
  });
}

describe('decideSourceChange', () => {
  it('upserts an enabled internal member in scope with its desired state', () => {
    const decision = decide(aSourceUser());
    expect(decision).toEqual({
      kind: 'upsert',
      desired: computeDesiredState(aSourceUser(), salesOnly),
      explanation: "In scope by filter 1: department 'Sales' equals 'Sales'.",
    });
  });

  it('removes a permanently deleted user as hard-deleted', () => {
    expect(decide(aSourceUser(), 'hard-deleted')).toMatchObject({ kind: 'remove', reason: 'hard-deleted' });
  });

  it('removes a soft-deleted user as deleted', () => {
    expect(decide(aSourceUser(), 'soft-deleted')).toMatchObject({ kind: 'remove', reason: 'deleted' });
  });

  it('removes a disabled user as disabled', () => {
    expect(decide(aSourceUser({ accountEnabled: false }))).toMatchObject({
      kind: 'remove',
      reason: 'disabled',
    });
  });

  it('removes a user who fails the scope as out-of-scope, with the scope explanation', () => {
    expect(decide(aSourceUser({ department: 'Marketing' }))).toEqual({
      kind: 'remove',
      reason: 'out-of-scope',
      explanation: "Out of scope: filter 1 clause 1: department 'Marketing' does not equal 'Sales'.",
    });
  });

  it.each<[string, UserAttributes]>([
    ['a guest', aSourceUser({ userType: 'Guest' })],
    ['an invited user', aSourceUser({ creationType: 'Invitation' })],
    ['a user synced in by xtsync', aSourceUser({ [testAnchorAttribute]: sourceAnchor })],
  ])('removes %s as out-of-scope (loop prevention)', (_name, attributes) => {
    const decision = decide(attributes);
    expect(decision).toMatchObject({ kind: 'remove', reason: 'out-of-scope' });
    expect(decision.explanation).toMatch(/^Not an internal member: /);
  });

  it('checks deletion before anything else', () => {
    expect(decide(aSourceUser({ userType: 'Guest', accountEnabled: false }), 'soft-deleted')).toMatchObject({
      reason: 'deleted',
    });
  });

  it('checks loop prevention before the disabled state', () => {
    expect(decide(aSourceUser({ userType: 'Guest', accountEnabled: false }))).toMatchObject({
      reason: 'out-of-scope',
    });
  });

  it('passes a redirect URL override on to the desired state', () => {
    const decision = decideSourceChange({
      user: { attributes: aSourceUser(), state: 'present' },
      sync: salesOnly,
      anchorAttribute: testAnchorAttribute,
      redirectUrl: 'https://portal.fabrikam.com',
    });
    expect(decision.kind === 'upsert' && decision.desired.invitation.redirectUrl).toBe(
      'https://portal.fabrikam.com',
    );
  });
});
