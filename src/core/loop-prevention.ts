/**
 * Loop prevention: only internal members of a source tenant are ever synced. A user xtsync (or anyone's B2B
 * invitation) put into a tenant is external there, so in a mesh a person crosses one edge once and never
 * comes back to their home tenant or bounces on to a third one.
 */
import type { UserAttributes } from './user-attributes.js';

/** Why a source user is not an internal member. */
export type NotInternalReason = 'user-type-unknown' | 'not-member' | 'invited' | 'external-upn' | 'anchored';

/** The verdict of {@link isInternalMember}; `explanation` is a sentence for logs and on-demand reports. */
export type InternalMemberVerdict =
  | { readonly internal: true }
  | { readonly internal: false; readonly reason: NotInternalReason; readonly explanation: string };

/**
 * Decides whether a source user is an internal member: `userType` is `Member`, `creationType` is not
 * `Invitation`, the UPN has no `#EXT#`, and it carries no xtsync anchor. A missing `userType` is treated as
 * unknown and therefore not internal: syncing a guest by mistake is worse than waiting for a full read.
 *
 * @param user - The source user's attributes (read with the select list of source-attributes.ts).
 * @param anchorAttribute - The anchor extension name of this deployment's app (see anchors.ts).
 */
export function isInternalMember(user: UserAttributes, anchorAttribute: string): InternalMemberVerdict {
  const userType = user.userType;
  if (userType === undefined || userType === null || userType === '') {
    return notInternal(
      'user-type-unknown',
      'userType is missing, so xtsync cannot tell whether the user is an internal member',
    );
  }
  if (userType !== 'Member') {
    return notInternal('not-member', `userType is '${String(userType)}', not 'Member'`);
  }
  if (user.creationType === 'Invitation') {
    return notInternal('invited', 'the user was created by a B2B invitation (creationType Invitation)');
  }
  const upn = user.userPrincipalName;
  if (typeof upn === 'string' && upn.toUpperCase().includes('#EXT#')) {
    return notInternal('external-upn', `the user principal name '${upn}' marks an external user (#EXT#)`);
  }
  const anchor = user[anchorAttribute];
  if (anchor !== undefined && anchor !== null && anchor !== '') {
    return notInternal(
      'anchored',
      `the user carries the xtsync anchor '${String(anchor)}': it was synced here from another tenant`,
    );
  }
  return { internal: true };
}

function notInternal(reason: NotInternalReason, explanation: string): InternalMemberVerdict {
  return { internal: false, reason, explanation };
}
