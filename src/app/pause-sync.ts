/**
 * Operators pause and resume syncs. While a sync is paused the apply step writes nothing for it (each change
 * is logged as skipped) and the drain keeps reading, so its cursor stays current. Resuming clears the pause
 * and any quarantine and asks for a full round of the sync, so every user is re-checked against its link and
 * nothing that changed meanwhile is lost.
 */
import type { Logger } from './ports.js';
import { requestFullRound, type FullRoundDeps } from './request-full-round.js';
import type { SyncControlStore, SyncCounterStore, SyncPause } from './safety-ports.js';
import { updateSyncControl } from './update-sync-control.js';

/** What pausing and resuming need. */
export interface PauseSyncDeps extends FullRoundDeps {
  readonly controls: SyncControlStore;
  readonly counters: SyncCounterStore;
  readonly logger: Logger;
}

/** The pause as recorded (`already` when the sync was paused before), or an unknown sync. */
export type PauseResult =
  | { readonly kind: 'paused'; readonly syncId: string; readonly pause: SyncPause; readonly already: boolean }
  | { readonly kind: 'unknown-sync' };

/** What resuming cleared and the full round it asked for, or an unknown sync. */
export type ResumeResult =
  | {
      readonly kind: 'resumed';
      readonly syncId: string;
      readonly wasPaused: boolean;
      readonly wasQuarantined: boolean;
      /** Correlation id of the full round asked for; null when the sync was neither paused nor quarantined. */
      readonly fullRound: string | null;
    }
  | { readonly kind: 'unknown-sync' };

/** Pauses `syncId`; pausing a paused sync keeps the first pause (who, when, why). */
export async function pauseSync(
  syncId: string,
  request: { readonly by: string; readonly reason: string | null },
  deps: PauseSyncDeps,
): Promise<PauseResult> {
  if (!(await isKnownSync(syncId, deps))) return { kind: 'unknown-sync' };
  const now = () => deps.clock.now();
  const { changed, control } = await updateSyncControl(deps.controls, syncId, now, (current) =>
    current.pause
      ? null
      : { ...current, pause: { since: now().toISOString(), by: request.by, reason: request.reason } },
  );
  const pause = control?.pause;
  if (!pause) throw new Error(`The pause of sync ${syncId} was not recorded.`);
  if (changed) deps.logger.warn('Sync paused', { syncId, by: request.by });
  return { kind: 'paused', syncId, pause, already: !changed };
}

/** Resumes `syncId`: clears a pause and a quarantine, then asks for a full round of the sync. */
export async function resumeSync(syncId: string, by: string, deps: PauseSyncDeps): Promise<ResumeResult> {
  if (!(await isKnownSync(syncId, deps))) return { kind: 'unknown-sync' };
  const before = { paused: false, quarantined: false };
  const { changed } = await updateSyncControl(
    deps.controls,
    syncId,
    () => deps.clock.now(),
    (current) => {
      before.paused = current.pause !== null;
      before.quarantined = current.quarantine !== null;
      return before.paused || before.quarantined ? { ...current, pause: null, quarantine: null } : null;
    },
  );
  if (!changed) return { kind: 'resumed', syncId, wasPaused: false, wasQuarantined: false, fullRound: null };
  const { paused: wasPaused, quarantined: wasQuarantined } = before;
  if (wasQuarantined) {
    // The failures that quarantined it must not quarantine it again at its first new failure.
    await Promise.all([deps.counters.reset(syncId, 'attempts'), deps.counters.reset(syncId, 'failures')]);
  }
  const fullRound = await requestFullRound(syncId, deps);
  deps.logger.info('Sync resumed', { syncId, by, wasPaused, wasQuarantined, fullRound });
  return { kind: 'resumed', syncId, wasPaused, wasQuarantined, fullRound };
}

async function isKnownSync(syncId: string, deps: FullRoundDeps): Promise<boolean> {
  return (await deps.topology.current())?.topology.syncs.some((sync) => sync.id === syncId) ?? false;
}
