/**
 * One user seen in a source tenant's delta: update the mirror entry and decide, per sync from that tenant,
 * whether a new desired state or a removal must be published. Nothing is published when the decision
 * equals what was last published for that sync ("never write what didn't change").
 */
import { decideSourceChange, type SourceUserState } from '../core/decide-source-change.js';
import { stableHash } from '../core/hashing.js';
import { isSyncError } from '../core/sync-errors.js';
import type { TopologySync } from '../core/topology/topology.js';
import type { UserAttributes } from '../core/user-attributes.js';
import type { TargetChange } from './messages.js';
import { publishedKey } from './published-key.js';
import type { DeltaUserChange, Logger, MirroredUser, Stored } from './ports.js';

/** What observing one user produced: the mirror entry to save (if any) and the messages to publish. */
export interface ObservedUser {
  readonly mirror: MirroredUser | null;
  readonly etag: string | null;
  readonly messages: readonly TargetChange[];
}

export interface ObserveContext {
  readonly sourceTenantId: string;
  readonly syncs: readonly TopologySync[];
  readonly anchorAttribute: string;
  readonly roundId: string;
  readonly roundIsFull: boolean;
  readonly correlationId: string;
  readonly now: Date;
  readonly logger: Logger;
  /** Syncs whose decisions are republished even when unchanged (full resync, resume after pause). */
  readonly resetSyncIds?: ReadonlySet<string>;
  /** Upserts of the reset syncs ask the apply step to verify the target user (a full resync job). */
  readonly verifyTargets?: boolean;
}

/**
 * Folds one delta item into the user's mirror entry and computes the messages it calls for.
 *
 * The mirror version moves on whenever the user's attributes or state change and whenever a message is
 * published, so every published message gets a new id, while replaying the same delta (a redelivered
 * drain) recomputes the same version and the same ids, which the broker then drops.
 */
export function observeSourceUser(
  change: DeltaUserChange,
  existing: Stored<MirroredUser> | null,
  context: ObserveContext,
): ObservedUser {
  const userId = change.kind === 'present' ? change.user.id : change.id;
  const previous = existing?.value;
  // A removal of a user we never saw carries no attributes and nothing was ever published for it.
  if (change.kind === 'removed' && !previous) return { mirror: null, etag: null, messages: [] };

  const state: SourceUserState =
    change.kind === 'present' ? 'present' : change.reason === 'deleted' ? 'hard-deleted' : 'soft-deleted';
  const attributes: UserAttributes =
    change.kind === 'present' ? change.user.attributes : (previous?.attributes ?? {});
  const hash = stableHash({ attributes, state });
  const changed = previous?.hash !== hash;

  const published: Record<string, string> = { ...(previous?.published ?? {}) };
  const decisions: {
    sync: TopologySync;
    decision: ReturnType<typeof decideSourceChange>;
    /** Published before as it is: sent again only because the sync is in the reset list. */
    republished: boolean;
  }[] = [];
  for (const sync of context.syncs) {
    try {
      const decision = decideSourceChange({
        user: { attributes, state },
        sync,
        anchorAttribute: context.anchorAttribute,
      });
      const key = publishedKey(
        decision.kind === 'upsert'
          ? { kind: 'upsert', desired: decision.desired, targetTenantId: sync.toTenantId }
          : { kind: 'remove', targetTenantId: sync.toTenantId },
      );
      const republished = published[sync.id] === key;
      if (republished && context.resetSyncIds?.has(sync.id) !== true) continue;
      published[sync.id] = key;
      // A user that was never published for this sync has no target user there: nothing to remove.
      if (decision.kind === 'remove' && previous?.published[sync.id] === undefined) continue;
      decisions.push({ sync, decision, republished });
    } catch (error) {
      if (!isSyncError(error, 'MESSAGE.INVALID')) throw error;
      context.logger.warn('Source user cannot be synced', { userId, syncId: sync.id, reason: error.message });
    }
  }

  const version = (previous?.version ?? 0) + (changed || decisions.length > 0 ? 1 : 0);
  const messages: TargetChange[] = decisions.map(({ sync, decision, republished }) => {
    const base = {
      syncId: sync.id,
      sourceTenantId: context.sourceTenantId,
      sourceUserId: userId,
      targetTenantId: sync.toTenantId,
      sourceVersion: version,
      removalPolicy: sync.removal,
      correlationId: context.correlationId,
      attempt: 0,
    };
    const verify = context.verifyTargets === true && context.resetSyncIds?.has(sync.id) === true;
    return decision.kind === 'upsert'
      ? {
          ...base,
          kind: 'upsert' as const,
          desired: decision.desired,
          ...(verify ? { verifyTarget: true } : {}),
        }
      : {
          ...base,
          kind: 'remove' as const,
          reason: decision.reason,
          // The deletion guard counts such a removal alone, and a veto on the user still holds for it.
          ...(republished ? { republished: true as const } : {}),
        };
  });

  const publishedChanged = JSON.stringify(published) !== JSON.stringify(previous?.published ?? {});
  const seenRoundChanged = context.roundIsFull && previous?.lastSeenRound !== context.roundId;
  if (previous && !changed && !publishedChanged && !seenRoundChanged) {
    return { mirror: null, etag: null, messages };
  }
  const mirror: MirroredUser = {
    sourceTenantId: context.sourceTenantId,
    userId,
    attributes,
    hash,
    version,
    state,
    lastSeenAt: context.now.toISOString(),
    lastSeenRound: context.roundId,
    published,
  };
  return { mirror, etag: existing?.etag ?? null, messages };
}
