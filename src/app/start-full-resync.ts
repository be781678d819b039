/**
 * Full resync of one sync (or of every sync reading one source tenant), like CTS "restart": a fresh full
 * delta round in which every decision of those syncs is published again and the apply step checks each
 * target user against the target tenant, so users removed or edited there by hand are repaired. The work
 * runs in the drain (durably, on the bus); a job records its progress and outcome.
 */
import type { JobRecord } from './control-ports.js';
import { failed, isFinished, isStale, toJobError } from './job-records.js';
import type { SyncQueue } from './ports.js';
import { createJob, defaultJobStaleAfterMs, updateJob, type JobDeps } from './run-job.js';
import type { TopologySource } from './topology-source.js';
import type { TopologySync } from '../core/topology/topology.js';

/** What to resync: one sync, or every sync from one source tenant. */
export type FullResyncTarget = { readonly syncId: string } | { readonly sourceTenantId: string };

/** Started (with its job), or why not. */
export type FullResyncOutcome =
  | { readonly kind: 'started'; readonly job: JobRecord }
  | { readonly kind: 'unknown-sync'; readonly syncId: string }
  | { readonly kind: 'unknown-tenant'; readonly sourceTenantId: string }
  /** A resync of the same source tenant is still queued or running; its round covers this one's users. */
  | { readonly kind: 'already-running'; readonly jobId: string };

/** What starting a full resync needs. */
export interface FullResyncDeps extends JobDeps {
  readonly topology: TopologySource;
  readonly queue: SyncQueue;
}

/** How many recent resync jobs are checked for one still running. */
const recentJobs = 50;

/**
 * Starts a full resync: records a `queued` job and enqueues the drain that does the work (reason `resync`,
 * the syncs to republish, the job id). Refused while another resync of the same source tenant is unfinished
 * and not stale, because both would restart the same delta round.
 *
 * @throws SyncError when the job cannot be stored or the drain cannot be enqueued (the job is then failed).
 */
export async function startFullResync(
  target: FullResyncTarget,
  requestedBy: string,
  deps: FullResyncDeps,
): Promise<FullResyncOutcome> {
  const syncs = (await deps.topology.current())?.topology.syncs ?? [];
  let tenantId: string;
  let resetSyncIds: string[];
  if ('syncId' in target) {
    const sync = syncs.find((candidate) => candidate.id === target.syncId);
    if (!sync) return { kind: 'unknown-sync', syncId: target.syncId };
    tenantId = sync.fromTenantId;
    resetSyncIds = [sync.id];
  } else {
    tenantId = target.sourceTenantId.toLowerCase();
    resetSyncIds = syncs.filter((sync) => sync.fromTenantId === tenantId).map((sync) => sync.id);
    if (resetSyncIds.length === 0) return { kind: 'unknown-tenant', sourceTenantId: tenantId };
  }

  const running = await unfinishedResyncOf(tenantId, syncs, deps);
  if (running) return { kind: 'already-running', jobId: running.id };

  const scope = 'syncId' in target ? { syncId: target.syncId } : { sourceTenantId: tenantId };
  const job = await createJob({ kind: 'resync', scope, requestedBy }, deps);
  try {
    await deps.queue.enqueueDrains([
      {
        kind: 'drain',
        sourceTenantId: tenantId,
        reason: 'resync',
        hintedUserIds: [],
        notifiedAt: deps.clock.now().toISOString(),
        attempt: 0,
        correlationId: `resync:${job.id}`,
        resetSyncIds,
        jobId: job.id,
      },
    ]);
  } catch (error) {
    await updateJob(job.id, (current, now) => failed(current, now, toJobError(error)), deps).catch(
      () => undefined,
    );
    throw error;
  }
  deps.logger.info('Full resync started', {
    jobId: job.id,
    sourceTenantId: tenantId,
    syncs: resetSyncIds.length,
  });
  return { kind: 'started', job };
}

async function unfinishedResyncOf(
  tenantId: string,
  syncs: readonly TopologySync[],
  deps: FullResyncDeps,
): Promise<JobRecord | undefined> {
  const now = deps.clock.now();
  const staleAfterMs = deps.staleAfterMs ?? defaultJobStaleAfterMs;
  const tenantOf = (job: JobRecord): string | undefined =>
    job.scope.sourceTenantId ?? syncs.find((sync) => sync.id === job.scope.syncId)?.fromTenantId;
  const jobs = await deps.jobs.list({ kind: 'resync', limit: recentJobs });
  return jobs.find(
    (job) => !isFinished(job) && !isStale(job, now, staleAfterMs) && tenantOf(job) === tenantId,
  );
}
