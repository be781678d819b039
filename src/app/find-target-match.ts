/**
 * Adopt before create: look in the target tenant for a user who already is this person — first by our
 * anchor (survives renames and lost state), then by mail among external users (a user invited by hand, or
 * by an earlier attempt that crashed between the invitation and saving the link).
 */
import type { TargetMatch } from '../core/plan-user-sync.js';
import type { DesiredState } from '../core/desired-state.js';
import type { UserDirectory } from './ports.js';

/** The properties read from a candidate target user: enough to diff and to check its anchor and state. */
export function targetSelect(desired: DesiredState, anchorAttribute: string): readonly string[] {
  return [
    ...new Set([
      'id',
      'userPrincipalName',
      'mail',
      'otherMails',
      'accountEnabled',
      'creationType',
      'userType',
      anchorAttribute,
      ...Object.keys(desired.attributes),
      ...Object.keys(desired.onCreateOnly),
    ]),
  ];
}

/** Searches the target for the person with `anchor`; returns the first match by anchor, then by mail. */
export async function findTargetMatch(
  directory: UserDirectory,
  desired: DesiredState,
  anchor: string,
  anchorAttribute: string,
): Promise<TargetMatch> {
  const select = targetSelect(desired, anchorAttribute);
  const byAnchor = await directory.findUsersByAnchor(anchor, select);
  const anchored = byAnchor[0];
  if (anchored) return { kind: 'anchor', user: anchored };
  const byMail = await directory.findExternalUsersByMail(desired.invitation.email, select);
  // Prefer a candidate without any anchor, so another person's account is only reported, never taken.
  const candidate = byMail.find((user) => !user.attributes[anchorAttribute]) ?? byMail[0];
  return candidate ? { kind: 'mail', user: candidate } : { kind: 'none' };
}
