/**
 * Counters a test or a benchmark reads to prove behaviour: Graph requests per tenant by method, executed
 * writes by operation (so "a create costs exactly 2 Graph writes" is checkable), throttled calls, token
 * requests per client, and notification delivery outcomes.
 */
import type { WriteOperation } from './graph-route.js';

/** Counters of one tenant. */
export interface TenantStats {
  readonly tenantId: string;
  /** Graph calls (inner `$batch` requests included) by HTTP method. */
  readonly requests: Record<string, number>;
  /** Writes whose handler ran (throttled or fault-injected calls never run), by operation. */
  readonly writes: Record<WriteOperation, number>;
  /** Sum of `writes`. */
  readonly totalWrites: number;
  readonly throttled: number;
  readonly faultsInjected: number;
  /** Token endpoint requests per client id (lower-case). */
  readonly tokenRequests: Record<string, number>;
}

/** Outcomes of outbound change and lifecycle notifications, counted per notification item. */
export interface NotificationStats {
  /** Items queued for delivery (after the drop knob, including duplicates). */
  queued: number;
  /** Items in a POST that got a 2xx. */
  delivered: number;
  /** Items in a POST that failed (non-2xx, timeout, connection error); each attempt counts. */
  failed: number;
  /** Items put back in the queue after a failure. */
  retried: number;
  /** Items given up after the maximum retry duration. */
  dropped: number;
  /** Extra copies queued by the `duplicateRate` knob. */
  duplicated: number;
  /** Items never queued because of the `dropRate` knob. */
  suppressed: number;
  /** Notification POSTs made (one POST may carry several items). */
  posts: number;
}

/** A point-in-time copy of every counter, keyed by tenant key. */
export interface SimulatorStatsSnapshot {
  readonly tenants: Record<string, TenantStats>;
  readonly notifications: NotificationStats;
}

/** The live counters. */
export interface SimulatorStats {
  snapshot(): SimulatorStatsSnapshot;
  reset(): void;
  countRequest(tenantId: string, method: string): void;
  countWrite(tenantId: string, operation: WriteOperation): void;
  countThrottled(tenantId: string): void;
  countFault(tenantId: string): void;
  countTokenRequest(tenantId: string, clientId: string): void;
  readonly notifications: NotificationStats;
}

interface MutableTenantStats {
  requests: Record<string, number>;
  writes: Record<WriteOperation, number>;
  throttled: number;
  faultsInjected: number;
  tokenRequests: Record<string, number>;
}

const emptyNotifications = (): NotificationStats => ({
  queued: 0,
  delivered: 0,
  failed: 0,
  retried: 0,
  dropped: 0,
  duplicated: 0,
  suppressed: 0,
  posts: 0,
});

/** Creates zeroed counters for the given tenants (`{ key, tenantId }`). */
export function createSimulatorStats(tenants: readonly { key: string; tenantId: string }[]): SimulatorStats {
  const keyOf = new Map(tenants.map((t) => [t.tenantId.toLowerCase(), t.key]));
  let perTenant = new Map<string, MutableTenantStats>();
  const notifications = emptyNotifications();
  const tenant = (tenantId: string): MutableTenantStats => {
    const id = tenantId.toLowerCase();
    let stats = perTenant.get(id);
    if (stats === undefined) {
      stats = {
        requests: {},
        writes: { userCreate: 0, userUpdate: 0, userDelete: 0, invitation: 0, restore: 0, purge: 0 },
        throttled: 0,
        faultsInjected: 0,
        tokenRequests: {},
      };
      perTenant.set(id, stats);
    }
    return stats;
  };
  const reset = (): void => {
    perTenant = new Map();
    for (const tenantStats of tenants) tenant(tenantStats.tenantId);
    Object.assign(notifications, emptyNotifications());
  };
  reset();
  return {
    notifications,
    reset,
    snapshot: () => ({
      tenants: Object.fromEntries(
        [...perTenant].map(([id, stats]) => [
          keyOf.get(id) ?? id,
          {
            tenantId: id,
            requests: { ...stats.requests },
            writes: { ...stats.writes },
            totalWrites: Object.values(stats.writes).reduce((sum, n) => sum + n, 0),
            throttled: stats.throttled,
            faultsInjected: stats.faultsInjected,
            tokenRequests: { ...stats.tokenRequests },
          },
        ]),
      ),
      notifications: { ...notifications },
    }),
    countRequest: (tenantId, method) => {
      const stats = tenant(tenantId);
      stats.requests[method] = (stats.requests[method] ?? 0) + 1;
    },
    countWrite: (tenantId, operation) => {
      tenant(tenantId).writes[operation] += 1;
    },
    countThrottled: (tenantId) => {
      tenant(tenantId).throttled += 1;
    },
    countFault: (tenantId) => {
      tenant(tenantId).faultsInjected += 1;
    },
    countTokenRequest: (tenantId, clientId) => {
      const stats = tenant(tenantId);
      stats.tokenRequests[clientId] = (stats.tokenRequests[clientId] ?? 0) + 1;
    },
  };
}
