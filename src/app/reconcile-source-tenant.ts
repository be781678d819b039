/**
 * A reconcile run's upkeep of one source tenant: make sure its change-notification subscription still
 * exists at Graph (recreate it when Graph lost it, renew it well before it expires), then enqueue a drain so
 * a tenant whose notifications stopped, or were dropped, is caught up — cheap when nothing changed (one
 * delta page). A lease per tenant keeps two runs from subscribing twice.
 */
import { isSyncError } from '../core/sync-errors.js';
import type { DrainRequest } from './messages.js';
import { ensureSourceSubscription, type SubscriptionDeps } from './maintain-subscriptions.js';
import type { SyncQueue } from './ports.js';
import { acquireLease } from './reconcile-lease.js';
import type { LeaseStore } from './reconcile-ports.js';
import type { SourceUpkeepReport } from './reconcile-report.js';

/** What the upkeep needs: the subscription use case's deps, the bus, and the lease store. */
export interface SourceUpkeepDeps extends SubscriptionDeps {
  readonly queue: SyncQueue;
  readonly leases: LeaseStore;
  /** This run's lease holder id. */
  readonly holder: string;
  readonly correlationId: string;
}

/**
 * Keeps `tenantId`'s subscription alive and enqueues its catch-up drain. Failures are reported, not thrown:
 * one tenant's trouble must not stop the others (the next run tries again).
 */
export async function upkeepSourceTenant(
  tenantId: string,
  deps: SourceUpkeepDeps,
): Promise<SourceUpkeepReport> {
  const lease = await acquireLease(`tenant:${tenantId}`, deps.holder, {
    store: deps.leases,
    clock: deps.clock,
  });
  if (lease.kind === 'held') {
    // The holder's run does the same upkeep and enqueues the same drain.
    return { tenantId, subscription: 'busy', drainEnqueued: false };
  }
  try {
    let subscription: Omit<SourceUpkeepReport, 'drainEnqueued' | 'tenantId'>;
    try {
      subscription = await keepSubscription(tenantId, deps);
    } catch (error) {
      const failure = describe(error);
      deps.logger.error('Could not keep the source subscription', { tenantId, ...failure });
      subscription = { subscription: 'failed', error: failure };
    }
    try {
      await deps.queue.enqueueDrains([catchUpDrain(tenantId, deps)]);
    } catch (error) {
      const failure = describe(error);
      deps.logger.error('Could not enqueue the catch-up drain', { tenantId, ...failure });
      return { tenantId, ...subscription, drainEnqueued: false, error: subscription.error ?? failure };
    }
    return { tenantId, ...subscription, drainEnqueued: true };
  } finally {
    await lease.lease.release();
  }
}

function describe(error: unknown): { code: string; message: string } {
  return {
    code: isSyncError(error) ? error.code : 'UNEXPECTED',
    message: error instanceof Error ? error.message : String(error),
  };
}

async function keepSubscription(
  tenantId: string,
  deps: SourceUpkeepDeps,
): Promise<Omit<SourceUpkeepReport, 'drainEnqueued' | 'tenantId'>> {
  const atGraph = new Set((await deps.gateway.list(tenantId)).map((subscription) => subscription.id));
  let lost = false;
  for (const record of await deps.subscriptions.listByTenant(tenantId)) {
    if (atGraph.has(record.id)) continue;
    // Graph no longer has it (expired, or removed): forget it so a new one is created below.
    deps.logger.warn('Graph lost a source subscription; recreating it', {
      tenantId,
      subscriptionId: record.id,
    });
    await deps.subscriptions.delete(record.tenantId, record.id);
    lost = true;
  }
  const { action, record } = await ensureSourceSubscription(tenantId, deps);
  return {
    subscription: lost && action === 'created' ? 'recreated' : action,
    subscriptionId: record.id,
    expiresAt: record.expiresAt,
  };
}

function catchUpDrain(tenantId: string, deps: SourceUpkeepDeps): DrainRequest {
  return {
    kind: 'drain',
    sourceTenantId: tenantId,
    reason: 'reconcile',
    hintedUserIds: [],
    notifiedAt: deps.clock.now().toISOString(),
    attempt: 0,
    correlationId: deps.correlationId,
    // One catch-up per tenant and run: the message id must differ between the tenants of one run.
    dedupeKey: `reconcile:${deps.correlationId}:${tenantId}`,
  };
}
