/**
 * The {@link RemovalGuard}: one bad filter must not remove thousands of users. Removals from the drain are
 * counted in a rolling hour per sync; a drain batch (one delta page) is admitted or held as a whole, so a
 * scope change that would remove more users than the sync's `deletionThreshold` applies none of them. A
 * reconcile run asks once for all its removals. Held removals are kept with a pending guard until an
 * operator approves (they are republished) or rejects them (decide-guard.ts); while a guard is pending every
 * further removal of the sync is held too, and upserts keep flowing. A rejection leaves vetoes behind
 * (removal-vetoes.ts): removals of those users at the rejected source version are `vetoed`, before anything
 * is counted or held, so the users an operator kept stay kept.
 */
import { randomUUID } from 'node:crypto';
import { isSyncError, SyncError } from '../core/sync-errors.js';
import { deletionLimit, type TopologySync } from '../core/topology/topology.js';
import type { RemovalBatchVerdict, RemovalGuard, RemovalVerdict } from './control-ports.js';
import type { TargetChange } from './messages.js';
import type { Clock, Logger } from './ports.js';
import { checkDrainVeto, recordVetoes, withoutVetoed } from './removal-vetoes.js';
import { admittedInWindow, isBatchAdmitted, withAdmitted } from './removal-window.js';
import type {
  DeletionGuardRecord,
  GuardStore,
  StateCensus,
  SyncControlStore,
  SyncCounterStore,
} from './safety-ports.js';
import type { TopologySource } from './topology-source.js';
import { updateSyncControl } from './update-sync-control.js';

/** What the deletion guard needs. */
export interface DeletionGuardDeps {
  readonly controls: SyncControlStore;
  readonly counters: SyncCounterStore;
  readonly guards: GuardStore;
  readonly census: StateCensus;
  readonly topology: TopologySource;
  readonly clock: Clock;
  readonly logger: Logger;
  /**
   * Linked users per sync (for percentage thresholds), shared by the guards of one process and re-counted
   * after `linkCountTtlMs`: a percentage of a population that moves slowly needs no exact count.
   */
  readonly linkCounts: Map<string, { readonly count: number; readonly at: number }>;
  readonly linkCountTtlMs?: number;
}

/** What the threshold and the pending guard decide; vetoes are looked at before. */
type Admission = Exclude<RemovalVerdict, { kind: 'vetoed' }>;

const allowed: Admission = { kind: 'allowed' };
const maxTries = 8;

/** What tripped a guard and the numbers it tripped on. */
interface Trip {
  readonly trigger: DeletionGuardRecord['trigger'];
  readonly admitted: number;
  readonly requested: number;
}

/** Creates the deletion guard. */
export function createDeletionGuard(deps: DeletionGuardDeps): RemovalGuard {
  const { controls, counters, guards, clock } = deps;
  const now = (): Date => clock.now();

  async function syncOf(syncId: string): Promise<TopologySync | undefined> {
    return (await deps.topology.current())?.topology.syncs.find((sync) => sync.id === syncId);
  }

  async function limitFor(sync: TopologySync): Promise<{ limit: number; linked: number }> {
    const ttl = deps.linkCountTtlMs ?? 5 * 60_000;
    let cached = deps.linkCounts.get(sync.id);
    if (!cached || now().getTime() - cached.at > ttl) {
      const states = await deps.census.linkStates(sync.id);
      // Deleted and absent links have no user in the target left to remove.
      cached = { count: states.active + states.disabled, at: now().getTime() };
      deps.linkCounts.set(sync.id, cached);
    }
    return { limit: deletionLimit(sync.deletionThreshold, cached.count), linked: cached.count };
  }

  /**
   * Holds `changes` under a pending guard; `vetoed` when the operator rejected it meanwhile (these were part of
   * what was rejected: they are vetoed like the rest), null when it was approved or is gone (decide again).
   */
  async function holdUnder(
    guardId: string,
    changes: readonly TargetChange[],
  ): Promise<Admission | { kind: 'vetoed'; guardId: string } | null> {
    await guards.hold(guardId, changes);
    const guard = await guards.get(guardId);
    if (guard?.value.state === 'pending') return { kind: 'held', guardId };
    // An operator decided (or the guard vanished) while these were being held: take them back, clear a
    // pointer left behind, and let the caller decide again against the current state.
    await guards.drop(guardId, changes);
    const syncId = changes[0]?.syncId;
    if (syncId !== undefined) {
      await updateSyncControl(controls, syncId, now, (current) =>
        current.pendingGuardId === guardId ? { ...current, pendingGuardId: null } : null,
      );
    }
    if (guard?.value.state !== 'rejected') return null;
    await recordVetoes(guards, guard.value, changes, now());
    return { kind: 'vetoed', guardId };
  }

  /** Opens a pending guard for the sync; returns the pending guard's id (another one when it lost a race). */
  async function openGuard(sync: TopologySync, trip: Trip): Promise<string> {
    const { limit, linked } = await limitFor(sync);
    const guard: DeletionGuardRecord = {
      id: randomUUID(),
      syncId: sync.id,
      state: 'pending',
      trigger: trip.trigger,
      threshold: sync.deletionThreshold,
      limit,
      linkedUsers: linked,
      admittedInWindow: trip.admitted,
      requested: trip.requested,
      createdAt: now().toISOString(),
      decidedAt: null,
      decidedBy: null,
    };
    await guards.save(guard, null);
    const { changed, control } = await updateSyncControl(controls, sync.id, now, (current) =>
      current.pendingGuardId === null ? { ...current, pendingGuardId: guard.id } : null,
    );
    if (changed) {
      deps.logger.warn('Deletion guard tripped: removals of this sync are held for an operator', {
        syncId: sync.id,
        guardId: guard.id,
        trigger: trip.trigger,
        limit,
        admitted: trip.admitted,
        requested: trip.requested,
      });
      return guard.id;
    }
    await guards.remove(guard.id);
    if (control?.pendingGuardId == null) throw lostRace(sync.id);
    return control.pendingGuardId;
  }

  async function decide(
    sync: TopologySync,
    changes: readonly TargetChange[],
    admit: () => Promise<Admission | Trip | null>,
  ): Promise<RemovalVerdict> {
    for (let attempt = 1; attempt <= maxTries; attempt++) {
      const pending = (await controls.get(sync.id))?.value.pendingGuardId ?? null;
      const verdict =
        pending !== null
          ? await holdUnder(pending, changes)
          : await admit().then(async (result) =>
              result !== null && 'trigger' in result
                ? holdUnder(await openGuard(sync, result), changes)
                : result,
            );
      if (verdict !== null) return verdict;
    }
    throw lostRace(sync.id);
  }

  return {
    async admitRemoval(change) {
      // A reconcile run asked for its removals as a batch already; an operator released these.
      if (change.origin === 'reconcile' || change.origin === 'operator') return allowed;
      const sync = await syncOf(change.syncId);
      if (!sync) return allowed;
      const veto = await checkDrainVeto(guards, change);
      if (veto !== null) return { kind: 'vetoed', guardId: veto.guardId };
      const batch = change.removalBatch;
      return decide(sync, [change], async () => {
        const stored = await counters.getRemovalWindow(sync.id);
        const window = stored?.value ?? null;
        if (batch && isBatchAdmitted(window, batch.id)) return allowed;
        const at = now();
        const admitted = admittedInWindow(window, at);
        const requested = batch?.size ?? 1;
        const { limit } = await limitFor(sync);
        if (admitted + requested > limit) return { trigger: 'notifications', admitted, requested };
        try {
          const next = withAdmitted(window, sync.id, at, requested, batch?.id);
          await counters.saveRemovalWindow(next, stored?.etag ?? null);
          return allowed;
        } catch (error) {
          if (isSyncError(error, 'STATE.CONFLICT')) return null;
          throw error;
        }
      });
    },

    async admitRemovals(syncId, changes): Promise<RemovalBatchVerdict> {
      if (changes.length === 0) return { ...allowed, vetoed: [] };
      const sync = await syncOf(syncId);
      if (!sync) return { ...allowed, vetoed: [] };
      const { rest, vetoed } = await withoutVetoed(guards, syncId, changes);
      if (rest.length === 0) return { ...allowed, vetoed };
      const verdict = await decide(sync, rest, async () => {
        const { limit } = await limitFor(sync);
        return rest.length > limit ? { trigger: 'reconcile', admitted: 0, requested: rest.length } : allowed;
      });
      if (verdict.kind !== 'vetoed') return { ...verdict, vetoed };
      // The pending guard these were held under was rejected meanwhile: all of them are vetoed now.
      const guardId = verdict.guardId;
      return {
        ...allowed,
        vetoed: [...vetoed, ...rest.map(({ sourceUserId }) => ({ sourceUserId, guardId }))],
      };
    },
  };
}

function lostRace(syncId: string): SyncError {
  return new SyncError(
    'STATE.CONFLICT',
    `The deletion guard of sync ${syncId} kept changing while a removal was being admitted; try again.`,
    { retryable: true, details: { syncId } },
  );
}
