/**
 * `GET /api/status`: per sync of the active topology, its state (healthy / quarantined / guarded / paused,
 * with the details), linked users by state, when its source was last drained and last reconciled, when its
 * source subscription expires, what waits for it on the bus, its dead letters and its errors in the last
 * hour. Every figure comes from a cheap read: point reads, projections (failures filtered by the store)
 * and bus counts.
 */
import type { LinkState } from '../core/link.js';
import type { TopologySync } from '../core/topology/topology.js';
import type { JobRecord, JobStore } from './control-ports.js';
import type { Clock, CursorStore, SubscriptionStore } from './ports.js';
import type {
  BrokerDeadLetterCount,
  BusInspector,
  DeletionGuardRecord,
  GuardStore,
  StateCensus,
  SyncControlStore,
  SyncPause,
  SyncQuarantine,
} from './safety-ports.js';
import type { TopologySource } from './topology-source.js';

/** The state of a sync as operators see it. */
export type SyncHealth = 'healthy' | 'quarantined' | 'guarded' | 'paused';

/** One sync as `GET /api/status` shows it. */
export interface SyncStatus {
  readonly syncId: string;
  readonly from: string;
  readonly to: string;
  readonly sourceTenantId: string;
  readonly targetTenantId: string;
  /** Paused wins over quarantined, which wins over guarded. */
  readonly state: SyncHealth;
  readonly pause: SyncPause | null;
  readonly quarantine: SyncQuarantine | null;
  readonly guard: {
    readonly id: string;
    readonly createdAt: string;
    readonly trigger: DeletionGuardRecord['trigger'];
    readonly limit: number;
    readonly held: number;
  } | null;
  readonly links: Readonly<Record<LinkState, number>>;
  /** When the drain of the source tenant last saved its cursor. */
  readonly lastDrain: string | null;
  readonly lastReconcile: { readonly jobId: string; readonly status: string; readonly at: string } | null;
  /** The source tenant's subscription that expires first. */
  readonly subscription: { readonly id: string; readonly expiresAt: string } | null;
  /** Target changes of this sync waiting on the bus; null when the transport cannot tell. */
  readonly backlog: number | null;
  readonly deadLetters: { readonly parked: number; readonly broker: number };
  /** Provisioning-log failures in the last hour, every one of them counted. */
  readonly errorsLastHour: number;
}

/** The whole status page. */
export interface StatusReport {
  readonly generatedAt: string;
  readonly topologyVersion: number | null;
  readonly syncs: readonly SyncStatus[];
  /** Drain requests xtsync parked, and those in the drain queue's dead-letter queue. */
  readonly sourceChanges: { readonly deadLetters: { readonly parked: number; readonly broker: number } };
  readonly deadLetterQueues: readonly BrokerDeadLetterCount[];
}

/** What the status page reads. */
export interface SyncStatusDeps {
  readonly topology: TopologySource;
  readonly controls: SyncControlStore;
  readonly guards: GuardStore;
  readonly census: StateCensus;
  readonly cursors: CursorStore;
  readonly subscriptions: SubscriptionStore;
  readonly bus: BusInspector;
  /** Reconcile runs are jobs; their latest per sync is the last reconcile. */
  readonly jobs: Pick<JobStore, 'list'>;
  readonly clock: Clock;
}

const hourMs = 60 * 60_000;

/** Builds the status of every sync of the active topology. */
export async function syncStatus(deps: SyncStatusDeps): Promise<StatusReport> {
  const now = deps.clock.now();
  const active = await deps.topology.current();
  const [queues, reconciles] = await Promise.all([
    deps.bus.deadLetterCounts(),
    deps.jobs.list({ kind: 'reconcile', limit: 50 }),
  ]);
  const backlogs = new Map<string, Promise<Readonly<Record<string, number>> | null>>();
  const backlogOf = (tenantId: string) => {
    let found = backlogs.get(tenantId);
    if (!found) backlogs.set(tenantId, (found = deps.bus.targetBacklog(tenantId)));
    return found;
  };
  const syncs = await Promise.all(
    (active?.topology.syncs ?? []).map(async (sync) => {
      const backlog = await backlogOf(sync.toTenantId);
      return statusOf(sync, { deps, now, queues, reconciles, backlog });
    }),
  );
  return {
    generatedAt: now.toISOString(),
    topologyVersion: active?.version ?? null,
    syncs,
    sourceChanges: {
      deadLetters: {
        parked: await deps.census.deadLetterCount('source-changes'),
        broker: queues.find((queue) => queue.targetTenantId === null)?.total ?? 0,
      },
    },
    deadLetterQueues: queues,
  };
}

interface StatusContext {
  readonly deps: SyncStatusDeps;
  readonly now: Date;
  readonly queues: readonly BrokerDeadLetterCount[];
  readonly reconciles: readonly JobRecord[];
  readonly backlog: Readonly<Record<string, number>> | null;
}

async function statusOf(sync: TopologySync, context: StatusContext): Promise<SyncStatus> {
  const { deps, now } = context;
  const [control, links, cursor, subscriptions, parked, errorsLastHour] = await Promise.all([
    deps.controls.get(sync.id).then((stored) => stored?.value ?? null),
    deps.census.linkStates(sync.id),
    deps.cursors.get(sync.fromTenantId),
    deps.subscriptions.listByTenant(sync.fromTenantId),
    deps.census.deadLetterCount(sync.id),
    // Failures only, counted by the store: on a busy sync the last hour holds far more than a page of entries.
    deps.census.failuresSince(sync.id, new Date(now.getTime() - hourMs)),
  ]);
  const pendingGuard = control?.pendingGuardId ? await deps.guards.get(control.pendingGuardId) : null;
  const guard =
    pendingGuard?.value.state === 'pending'
      ? {
          id: pendingGuard.value.id,
          createdAt: pendingGuard.value.createdAt,
          trigger: pendingGuard.value.trigger,
          limit: pendingGuard.value.limit,
          held: await deps.guards.countHeld(pendingGuard.value.id),
        }
      : null;
  const pause = control?.pause ?? null;
  const quarantine = control?.quarantine ?? null;
  const firstExpiring = [...subscriptions].sort((a, b) => a.expiresAt.localeCompare(b.expiresAt))[0];
  const brokerQueue = context.queues.find((queue) => queue.targetTenantId === sync.toTenantId);
  return {
    syncId: sync.id,
    from: sync.from,
    to: sync.to,
    sourceTenantId: sync.fromTenantId,
    targetTenantId: sync.toTenantId,
    state: pause ? 'paused' : quarantine ? 'quarantined' : guard ? 'guarded' : 'healthy',
    pause,
    quarantine,
    guard,
    links,
    lastDrain: cursor?.value.updatedAt ?? null,
    lastReconcile: lastReconcileOf(sync, context.reconciles),
    subscription: firstExpiring ? { id: firstExpiring.id, expiresAt: firstExpiring.expiresAt } : null,
    backlog: context.backlog === null ? null : (context.backlog[sync.id] ?? 0),
    deadLetters: { parked, broker: brokerQueue?.bySync[sync.id] ?? 0 },
    errorsLastHour,
  };
}

/** The newest reconcile job that covered the sync: run for it, for its source tenant, or for everything. */
function lastReconcileOf(sync: TopologySync, jobs: readonly JobRecord[]): SyncStatus['lastReconcile'] {
  const job = jobs.find(({ scope }) =>
    scope.syncId !== undefined
      ? scope.syncId === sync.id
      : scope.sourceTenantId === undefined || scope.sourceTenantId === sync.fromTenantId,
  );
  if (!job) return null;
  return { jobId: job.id, status: job.status, at: job.finishedAt ?? job.startedAt ?? job.createdAt };
}
