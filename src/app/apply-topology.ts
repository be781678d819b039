/**
 * Applying a topology: validate it, store it as a new active version, make sure every source tenant has a
 * live Graph subscription (and drop those of tenants that stopped being sources), then ask each source to
 * drain with a full round so every user is evaluated against the new rules.
 */
import { randomUUID } from 'node:crypto';
import { parseTopology } from '../core/topology/parse-topology.js';
import type { TopologyShape } from '../core/topology/topology-shape.js';
import { isSyncError } from '../core/sync-errors.js';
import {
  ensureSourceSubscription,
  removeSubscription,
  type SubscriptionAction,
  type SubscriptionDeps,
} from './maintain-subscriptions.js';
import type { SyncQueue, TopologyStore } from './ports.js';
import type { TopologySource } from './topology-source.js';

export interface ApplyTopologyDeps extends SubscriptionDeps {
  readonly store: TopologyStore;
  readonly topology: TopologySource;
  readonly queue: SyncQueue;
  /** Targets this deployment has apply functions and topic subscriptions for (`XTSYNC_TARGETS`). */
  readonly deployedTargets?: readonly { readonly key: string; readonly tenantId: string }[];
}

export interface ApplyTopologyResult {
  readonly version: number;
  readonly shape: TopologyShape;
  readonly syncs: readonly { readonly id: string; readonly from: string; readonly to: string }[];
  readonly subscriptions: readonly {
    readonly tenantId: string;
    readonly action: SubscriptionAction | 'removed' | 'failed';
    readonly subscriptionId?: string;
    readonly error?: string;
  }[];
}

/**
 * Applies `source` (YAML) as the new topology.
 *
 * @throws TopologyError when the file is invalid (nothing is stored then).
 */
export async function applyTopology(
  source: string,
  appliedBy: string,
  deps: ApplyTopologyDeps,
): Promise<ApplyTopologyResult> {
  const { topology, shape } = parseTopology(
    source,
    'topology',
    deps.deployedTargets ? { deployedTargets: deps.deployedTargets } : {},
  );
  const { version } = await deps.store.saveVersion({ source, appliedBy });
  deps.topology.invalidate();
  deps.logger.info('Topology applied', { version, shape: shape.kind, syncs: topology.syncs.length });

  const sources = [...new Set(topology.syncs.map((sync) => sync.fromTenantId))];
  const subscriptions: ApplyTopologyResult['subscriptions'][number][] = [];
  for (const tenantId of sources) {
    try {
      const { action, record } = await ensureSourceSubscription(tenantId, deps);
      subscriptions.push({ tenantId, action, subscriptionId: record.id });
    } catch (error) {
      // The reconcile timer retries; one tenant's failure must not stop the others.
      const message = isSyncError(error) ? `${error.code}: ${error.message}` : String(error);
      deps.logger.error('Could not subscribe to a source tenant', { tenantId, error: message });
      subscriptions.push({ tenantId, action: 'failed', error: message });
    }
  }
  for (const record of await deps.subscriptions.listAll()) {
    if (sources.includes(record.tenantId)) continue;
    try {
      await removeSubscription(record, deps);
    } catch (error) {
      // A tenant dropped from the topology may have no credentials any more: Graph lets the subscription
      // expire on its own; forgetting it here keeps every later apply from failing on it.
      deps.logger.warn('Could not delete the subscription of a former source; forgetting it', {
        tenantId: record.tenantId,
        subscriptionId: record.id,
        code: isSyncError(error) ? error.code : 'UNEXPECTED',
      });
      await deps.subscriptions.delete(record.tenantId, record.id);
    }
    subscriptions.push({ tenantId: record.tenantId, action: 'removed', subscriptionId: record.id });
  }

  const now = deps.clock.now().toISOString();
  await deps.queue.enqueueDrains(
    sources.map((tenantId) => ({
      kind: 'drain' as const,
      sourceTenantId: tenantId,
      reason: 'resync' as const,
      hintedUserIds: [],
      notifiedAt: now,
      attempt: 0,
      correlationId: randomUUID(),
      // Another instance may still cache the previous version; this makes it reload.
      topologyVersion: version,
    })),
  );
  return {
    version,
    shape,
    syncs: topology.syncs.map((sync) => ({ id: sync.id, from: sync.from, to: sync.to })),
    subscriptions,
  };
}
