/**
 * The {@link SyncGate}: what the apply step (and reconciliation) asks before doing a sync's work. A paused
 * sync is skipped until an operator resumes it. A sync whose sync-breaking failures exceed the policy's
 * share of its attempts in a rolling window is quarantined: skipped until `retryAt`, then one unit of work
 * goes through as a probe; the probe's success releases the sync (and asks for a full round, so the work
 * skipped meanwhile is redone), its failure doubles the back-off (1 min, 2, 4 … up to 6 h).
 *
 * A check is one point read of the sync's control row (not found for a sync never paused or quarantined), so
 * a pause takes effect on the next message of any instance; an outcome adds to the per-minute counters, and
 * only a failure sums the window.
 */
import { isSyncError } from '../core/sync-errors.js';
import type { SyncGate, SyncGateDecision } from './control-ports.js';
import type { Clock, Logger } from './ports.js';
import { isQuarantineDue, nextBackoffMs, type QuarantinePolicy } from './quarantine-rules.js';
import type { SyncControl, SyncControlStore, SyncCounterStore } from './safety-ports.js';
import { updateSyncControl } from './update-sync-control.js';

/** What the gate needs; `probes` and `onReleased` are shared per process. */
export interface SyncGateDeps {
  readonly controls: SyncControlStore;
  readonly counters: SyncCounterStore;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly policy: QuarantinePolicy;
  /**
   * The syncs whose probe this process handed out and has not heard back about. Share one set between the
   * gates of one process: the outcome of a probe is reported by the invocation that asked for it.
   */
  readonly probes: Set<string>;
  /** Called once a quarantine is lifted by a successful probe (the composition root asks for a full round). */
  readonly onReleased: (syncId: string) => Promise<void>;
}

const open: SyncGateDecision = { kind: 'open' };

/** Creates the gate over the control rows and counters of `deps`. */
export function createSyncGate(deps: SyncGateDeps): SyncGate {
  const { controls, counters, clock, policy, probes } = deps;
  const now = (): Date => clock.now();

  async function quarantine(syncId: string, counts: { attempts: number; failures: number }): Promise<void> {
    const at = now();
    const { changed } = await updateSyncControl(controls, syncId, now, (current) =>
      current.quarantine
        ? null
        : {
            ...current,
            quarantine: {
              since: at.toISOString(),
              ...counts,
              backoffMs: policy.baseBackoffMs,
              retryAt: new Date(at.getTime() + policy.baseBackoffMs).toISOString(),
              probeStartedAt: null,
              failedProbes: 0,
            },
          },
    );
    if (changed) deps.logger.warn('Sync quarantined', { syncId, ...counts, backoffMs: policy.baseBackoffMs });
  }

  async function release(syncId: string): Promise<void> {
    const { changed } = await updateSyncControl(controls, syncId, now, (current) =>
      current.quarantine ? { ...current, quarantine: null } : null,
    );
    if (!changed) return;
    // Old failures must not count against the released sync: it starts with a clean window.
    await Promise.all([counters.reset(syncId, 'attempts'), counters.reset(syncId, 'failures')]);
    deps.logger.info('Quarantine lifted: the probe succeeded', { syncId });
    await deps.onReleased(syncId);
  }

  async function endProbe(syncId: string, failed: boolean): Promise<void> {
    const at = now();
    const { control } = await updateSyncControl(controls, syncId, now, (current) => {
      const q = current.quarantine;
      if (!q) return null;
      if (!failed) return { ...current, quarantine: { ...q, probeStartedAt: null } };
      const backoffMs = nextBackoffMs(q.backoffMs, policy);
      return {
        ...current,
        quarantine: {
          ...q,
          backoffMs,
          retryAt: new Date(at.getTime() + backoffMs).toISOString(),
          probeStartedAt: null,
          failedProbes: q.failedProbes + 1,
        },
      };
    });
    if (failed && control?.quarantine) {
      deps.logger.warn('Quarantine probe failed; backing off', {
        syncId,
        backoffMs: control.quarantine.backoffMs,
        retryAt: control.quarantine.retryAt,
      });
    }
  }

  return {
    async check(syncId) {
      const stored = await controls.get(syncId);
      const control = stored?.value;
      if (!control) return open;
      if (control.pause) return { kind: 'paused', since: control.pause.since };
      const q = control.quarantine;
      if (!q) return open;
      const retryAt = new Date(q.retryAt);
      const at = now();
      const probeOut =
        q.probeStartedAt !== null && at.getTime() - Date.parse(q.probeStartedAt) < policy.probeTimeoutMs;
      if (at < retryAt || probeOut) return { kind: 'quarantined', retryAt, probe: false };
      const claimed = await claimProbe(controls, stored.etag, control, at);
      if (claimed) probes.add(syncId);
      return { kind: 'quarantined', retryAt, probe: claimed };
    },

    async recordOutcome(syncId, outcome) {
      const probing = probes.delete(syncId);
      if (outcome === 'neutral') {
        if (probing) await endProbe(syncId, false);
        return;
      }
      const at = now();
      await counters.add(syncId, 'attempts', at);
      if (outcome === 'success') {
        if (probing) await release(syncId);
        return;
      }
      await counters.add(syncId, 'failures', at);
      if (probing) {
        await endProbe(syncId, true);
        return;
      }
      const since = new Date(at.getTime() - policy.windowMs);
      const [attempts, failures] = await Promise.all([
        counters.sum(syncId, 'attempts', since),
        counters.sum(syncId, 'failures', since),
      ]);
      if (isQuarantineDue({ attempts, failures }, policy)) await quarantine(syncId, { attempts, failures });
    },
  };
}

/** Marks the probe as out; false when another unit of work changed the row first (it probes instead). */
async function claimProbe(
  controls: SyncControlStore,
  etag: string,
  control: SyncControl,
  at: Date,
): Promise<boolean> {
  if (!control.quarantine) return false;
  try {
    await controls.save(
      {
        ...control,
        quarantine: { ...control.quarantine, probeStartedAt: at.toISOString() },
        updatedAt: at.toISOString(),
      },
      etag,
    );
    return true;
  } catch (error) {
    // A lost race means another unit of work changed the row first: it probes, this one is skipped.
    if (isSyncError(error, 'STATE.CONFLICT')) return false;
    throw error;
  }
}
