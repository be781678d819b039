/**
 * The {@link SyncGate}: what the apply step (and reconciliation) asks before doing a sync's work. A paused
 * sync is skipped until an operator resumes it. A sync whose sync-breaking failures exceed the policy's
 * share of its attempts in a rolling window is quarantined: skipped until `retryAt`, then one unit of work
 * goes through as a probe; the probe's success releases the sync (and asks for a full round, so the work
 * skipped meanwhile is redone), its failure doubles the back-off (1 min, 2, 4 … up to 6 h).
 *
 * A check is one point read of the sync's control row (not found for a sync never paused or quarantined), so
 * a pause takes effect on the next message of any instance; an outcome adds to the per-minute counters, and
 * only a failure sums the window. The probe is claimed with a random token stored in the row: only the
 * outcome that presents it ends the probe, so work admitted before the quarantine, or a probe that timed out
 * and was handed on, can never be taken for the probe's result.
 */
import { randomUUID } from 'node:crypto';
import { isSyncError } from '../core/sync-errors.js';
import type { SyncGate, SyncGateDecision } from './control-ports.js';
import type { Clock, Logger } from './ports.js';
import { isQuarantineDue, nextBackoffMs, type QuarantinePolicy } from './quarantine-rules.js';
import type { SyncControl, SyncControlStore, SyncCounterStore } from './safety-ports.js';
import { updateSyncControl } from './update-sync-control.js';

/** What the gate needs. */
export interface SyncGateDeps {
  readonly controls: SyncControlStore;
  readonly counters: SyncCounterStore;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly policy: QuarantinePolicy;
  /** Called once a quarantine is lifted by a successful probe (the composition root asks for a full round). */
  readonly onReleased: (syncId: string) => Promise<void>;
}

const open: SyncGateDecision = { kind: 'open' };

/** Creates the gate over the control rows and counters of `deps`. */
export function createSyncGate(deps: SyncGateDeps): SyncGate {
  const { controls, counters, clock, policy } = deps;
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

  /**
   * Ends the probe `probeToken` names with `outcome`: success releases the sync, failure doubles the
   * back-off, neutral hands the probe on. False when that probe is no longer out (it timed out and was handed
   * on, or the quarantine ended): the outcome is then an ordinary one.
   */
  async function endProbe(
    syncId: string,
    probeToken: string,
    outcome: 'success' | 'failure' | 'neutral',
  ): Promise<boolean> {
    const at = now();
    const { changed, control } = await updateSyncControl(controls, syncId, now, (current) => {
      const q = current.quarantine;
      if (!q || q.probeToken !== probeToken) return null;
      if (outcome === 'success') return { ...current, quarantine: null };
      const { probeToken: _ended, ...rest } = q;
      if (outcome === 'neutral') return { ...current, quarantine: { ...rest, probeStartedAt: null } };
      const backoffMs = nextBackoffMs(q.backoffMs, policy);
      return {
        ...current,
        quarantine: {
          ...rest,
          backoffMs,
          retryAt: new Date(at.getTime() + backoffMs).toISOString(),
          probeStartedAt: null,
          failedProbes: q.failedProbes + 1,
        },
      };
    });
    if (!changed) return false;
    if (outcome === 'success') {
      // Old failures must not count against the released sync: it starts with a clean window.
      await Promise.all([counters.reset(syncId, 'attempts'), counters.reset(syncId, 'failures')]);
      deps.logger.info('Quarantine lifted: the probe succeeded', { syncId });
      await deps.onReleased(syncId);
    } else if (outcome === 'failure' && control?.quarantine) {
      deps.logger.warn('Quarantine probe failed; backing off', {
        syncId,
        backoffMs: control.quarantine.backoffMs,
        retryAt: control.quarantine.retryAt,
      });
    }
    return true;
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
      const probeToken = await claimProbe(controls, stored.etag, control, at);
      return probeToken === null
        ? { kind: 'quarantined', retryAt, probe: false }
        : { kind: 'quarantined', retryAt, probe: true, probeToken };
    },

    async recordOutcome(syncId, outcome, probeToken) {
      const at = now();
      if (outcome !== 'neutral') await counters.add(syncId, 'attempts', at);
      if (outcome === 'failure') await counters.add(syncId, 'failures', at);
      if (probeToken !== undefined && (await endProbe(syncId, probeToken, outcome))) return;
      if (outcome !== 'failure') return;
      const since = new Date(at.getTime() - policy.windowMs);
      const [attempts, failures] = await Promise.all([
        counters.sum(syncId, 'attempts', since),
        counters.sum(syncId, 'failures', since),
      ]);
      if (isQuarantineDue({ attempts, failures }, policy)) await quarantine(syncId, { attempts, failures });
    },
  };
}

/**
 * Marks the probe as out under a new token; null when another unit of work changed the row first (it probes
 * instead).
 */
async function claimProbe(
  controls: SyncControlStore,
  etag: string,
  control: SyncControl,
  at: Date,
): Promise<string | null> {
  if (!control.quarantine) return null;
  const probeToken = randomUUID();
  try {
    await controls.save(
      {
        ...control,
        quarantine: { ...control.quarantine, probeStartedAt: at.toISOString(), probeToken },
        updatedAt: at.toISOString(),
      },
      etag,
    );
    return probeToken;
  } catch (error) {
    // A lost race means another unit of work changed the row first: it probes, this one is skipped.
    if (isSyncError(error, 'STATE.CONFLICT')) return null;
    throw error;
  }
}
