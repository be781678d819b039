/**
 * Carries out a decided plan in the target tenant with the fewest Graph writes: a create is an invitation
 * plus one PATCH (attributes and anchor together); update, disable and restore are one PATCH; a restore
 * from deleted items adds one POST.
 */
import { isSyncError, SyncError } from '../core/sync-errors.js';
import type { SyncPlan } from '../core/sync-plan.js';
import type { UserAttributes } from '../core/user-attributes.js';
import type { UserDirectory } from './ports.js';

/** What executing a plan produced: the id of a created user, or that the target user is gone. */
export type ExecutionResult =
  { readonly kind: 'done'; readonly createdUserId?: string } | { readonly kind: 'target-missing' };

/** What a create needs besides the plan: whose anchor it stamps, and how to record the invited user. */
export interface ExecuteOptions {
  readonly anchor?: { readonly attribute: string; readonly value: string };
  /** Called between the invitation and the PATCH, so an interruption leaves a trace of the user. */
  readonly onInvited?: (userId: string) => Promise<void>;
}

/**
 * Executes `plan`. A target user deleted out of band (404 on PATCH) is reported as `target-missing`
 * so the caller can restore or re-create it; every other failure is thrown as SyncError.
 */
export async function executeSyncPlan(
  plan: SyncPlan,
  directory: UserDirectory,
  options: ExecuteOptions = {},
): Promise<ExecutionResult> {
  switch (plan.action) {
    case 'none':
      return { kind: 'done' };
    case 'create': {
      const { userId } = await directory.inviteExternalMember(plan.invitation);
      await refuseAnotherPersonsUser(directory, userId, options.anchor);
      await options.onInvited?.(userId);
      try {
        await directory.updateUser(userId, plan.patch);
      } catch (error) {
        // Just invited, so a 404 is replication lag, not a deletion: try again later.
        if (isSyncError(error, 'GRAPH.NOT_FOUND')) {
          throw new SyncError('GRAPH.NOT_FOUND', `The invited user ${userId} is not writable yet.`, {
            retryable: true,
            cause: error,
          });
        }
        throw error;
      }
      return { kind: 'done', createdUserId: userId };
    }
    case 'adopt':
    case 'update':
    case 'disable':
      return patchOrMissing(directory, plan.targetUserId, plan.patch);
    case 'restore':
      if (plan.from === 'deleted' && !(await directory.restoreDeletedUser(plan.targetUserId))) {
        return { kind: 'target-missing' };
      }
      return patchOrMissing(directory, plan.targetUserId, plan.patch);
    case 'delete':
      await directory.deleteUser(plan.targetUserId);
      return { kind: 'done' };
  }
}

/**
 * Inviting an address that already belongs to a B2B user returns that user. If it carries another person's
 * anchor (two source users with one mail), taking it over would merge two people: refuse instead.
 */
async function refuseAnotherPersonsUser(
  directory: UserDirectory,
  userId: string,
  anchor: ExecuteOptions['anchor'],
): Promise<void> {
  if (anchor === undefined) return;
  const invited = await directory.getUser(userId, [anchor.attribute]);
  const existing = invited?.attributes[anchor.attribute];
  if (typeof existing === 'string' && existing !== '' && existing !== anchor.value) {
    throw new SyncError(
      'SYNC.TARGET_CONFLICT',
      `The invitation returned target user ${userId}, which already belongs to another source user (${existing}).`,
      { details: { targetUserId: userId } },
    );
  }
}

async function patchOrMissing(
  directory: UserDirectory,
  targetUserId: string,
  patch: UserAttributes,
): Promise<ExecutionResult> {
  if (Object.keys(patch).length === 0) return { kind: 'done' };
  try {
    await directory.updateUser(targetUserId, patch);
    return { kind: 'done' };
  } catch (error) {
    if (isSyncError(error, 'GRAPH.NOT_FOUND')) return { kind: 'target-missing' };
    throw error;
  }
}
