/**
 * `POST /invitations` for an external member: the user object exists as soon as Graph answers, before any
 * redemption, so its id is what the apply step links to.
 */
import type { Client } from '@microsoft/microsoft-graph-client';
import { z } from 'zod';
import type { ExternalMemberInvitation } from '../../app/ports.js';
import { SyncError, isSyncError } from '../../core/sync-errors.js';
import { toSyncError } from './graph-errors.js';
import { parseGraphBody } from './graph-user-mapping.js';

// The invitation's own id is not the user's: the user is `invitedUser.id`.
const invitationSchema = z.looseObject({ invitedUser: z.looseObject({ id: z.string().min(1) }) });
const existingObjectPattern = /already exists in the directory as objectID:?\s*([0-9a-f-]{36})/i;

/**
 * Invites `invitation.email` as an external member (`invitedUserType: Member`, no e-mail sent) and returns
 * the new user's object id.
 *
 * @throws SyncError `SYNC.TARGET_CONFLICT` (not retryable, naming the object) when an internal account of
 *   the target already holds the address; other failures as mapped by graph-errors.ts.
 */
export async function inviteExternalMember(
  client: Client,
  tenantId: string,
  invitation: ExternalMemberInvitation,
): Promise<{ readonly userId: string }> {
  let body: unknown;
  try {
    body = await client.api('/invitations').post({
      invitedUserEmailAddress: invitation.email,
      invitedUserDisplayName: invitation.displayName,
      inviteRedirectUrl: invitation.redirectUrl,
      invitedUserType: 'Member',
      sendInvitationMessage: false,
    });
  } catch (error) {
    const mapped = toSyncError(error, { tenantId, operation: 'invite external member' });
    // Graph gives no dedicated code for this case; its message is the only signal.
    const existing = isSyncError(mapped, 'GRAPH.BAD_REQUEST')
      ? existingObjectPattern.exec(mapped.message)
      : null;
    const objectId = existing?.[1];
    if (objectId === undefined) throw mapped;
    throw new SyncError(
      'SYNC.TARGET_CONFLICT',
      `Cannot invite an external member in tenant ${tenantId}: the address already belongs to object ${objectId} there`,
      { cause: mapped, details: { tenantId, objectId } },
    );
  }
  return { userId: parseGraphBody(invitationSchema, body, 'invitation', tenantId).invitedUser.id };
}
