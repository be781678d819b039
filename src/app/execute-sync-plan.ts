/**
 * Carries out a decided plan in the target tenant with the fewest Graph writes: a create is an invitation
 * plus one PATCH (attributes and anchor together); update, disable and restore are one PATCH; a restore
 * from deleted items adds one POST.
 */
import { isSyncError } from '../core/sync-errors.js';
import type { SyncPlan } from '../core/sync-plan.js';
import type { UserAttributes } from '../core/user-attributes.js';
import type { UserDirectory } from './ports.js';

/** What executing a plan produced: the id of a created user, or that the target user is gone. */
export type ExecutionResult =
  { readonly kind: 'done'; readonly createdUserId?: string } | { readonly kind: 'target-missing' };

/**
 * Executes `plan`. A target user deleted out of band (404 on PATCH) is reported as `target-missing`
 * so the caller can restore or re-create it; every other failure is thrown as SyncError.
 */
export async function executeSyncPlan(plan: SyncPlan, directory: UserDirectory): Promise<ExecutionResult> {
  switch (plan.action) {
    case 'none':
      return { kind: 'done' };
    case 'create': {
      const { userId } = await directory.inviteExternalMember(plan.invitation);
      await directory.updateUser(userId, plan.patch);
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
