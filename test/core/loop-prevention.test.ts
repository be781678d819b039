import { describe, expect, it } from 'vitest';
import { isInternalMember } from '../../src/core/loop-prevention.js';
import { aSourceUser, testAnchorAttribute } from '../support/builders.js';

describe('isInternalMember', () => {
  it('accepts a member created in its own tenant', () => {
    expect(isInternalMember(aSourceUser(), testAnchorAttribute)).toEqual({ internal: true });
  });

  it('rejects a guest', () => {
    expect(isInternalMember(aSourceUser({ userType: 'Guest' }), testAnchorAttribute)).toMatchObject({
      internal: false,
      reason: 'not-member',
      explanation: expect.stringContaining("userType is 'Guest'") as unknown,
    });
  });

  it('rejects a user whose userType was not read, as unknown', () => {
    expect(isInternalMember(aSourceUser({ userType: undefined }), testAnchorAttribute)).toMatchObject({
      internal: false,
      reason: 'user-type-unknown',
    });
  });

  it('rejects an external member created by invitation', () => {
    expect(isInternalMember(aSourceUser({ creationType: 'Invitation' }), testAnchorAttribute)).toMatchObject({
      internal: false,
      reason: 'invited',
    });
  });

  it('rejects a user whose UPN marks it external (#EXT#), in any case', () => {
    const user = aSourceUser({ userPrincipalName: 'bob_fabrikam.com#ext#@contoso.onmicrosoft.com' });
    expect(isInternalMember(user, testAnchorAttribute)).toMatchObject({
      internal: false,
      reason: 'external-upn',
    });
  });

  it('rejects a user carrying an xtsync anchor, so a mesh never syncs it onwards', () => {
    const user = aSourceUser({
      [testAnchorAttribute]: '22222222-2222-4222-8222-222222222222:9e8d7c6b-5a49-4c3b-8a2d-1f0e9d8c7b6a',
    });
    expect(isInternalMember(user, testAnchorAttribute)).toMatchObject({
      internal: false,
      reason: 'anchored',
    });
  });

  it('ignores an empty anchor value', () => {
    expect(isInternalMember(aSourceUser({ [testAnchorAttribute]: '' }), testAnchorAttribute)).toEqual({
      internal: true,
    });
  });
});
