import type { TargetChange } from '../../../src/app/messages.js';
import type { DeletionGuardRecord, SyncControl } from '../../../src/app/safety-ports.js';

const SOURCE = '11111111-1111-4111-8111-111111111111';
const TARGET = '22222222-2222-4222-8222-222222222222';

/** A control row with a pause, a quarantine and a pending guard set. */
export function aSyncControl(overrides: Partial<SyncControl> = {}): SyncControl {
  return {
    syncId: 'prod-to-test',
    pause: { since: '2025-03-01T10:00:00.000Z', by: 'admin-api:alice', reason: 'migrating the target' },
    quarantine: {
      since: '2025-03-01T11:00:00.000Z',
      failures: 12,
      attempts: 20,
      backoffMs: 120_000,
      retryAt: '2025-03-01T11:02:00.000Z',
      probeStartedAt: null,
      failedProbes: 1,
    },
    pendingGuardId: '66666666-6666-4666-8666-666666666666',
    updatedAt: '2025-03-01T11:00:00.000Z',
    ...overrides,
  };
}

/** A pending guard tripped by notifications. */
export function aGuard(overrides: Partial<DeletionGuardRecord> = {}): DeletionGuardRecord {
  return {
    id: '66666666-6666-4666-8666-666666666666',
    syncId: 'prod-to-test',
    state: 'pending',
    trigger: 'notifications',
    threshold: { kind: 'percent', percent: 10 },
    limit: 5,
    linkedUsers: 50,
    admittedInWindow: 3,
    requested: 7,
    createdAt: '2025-03-01T12:00:00.000Z',
    decidedAt: null,
    decidedBy: null,
    ...overrides,
  };
}

/** The removal of one user of `prod-to-test`, as the drain publishes it. */
export function aRemoval(sourceUserId: string, overrides: Partial<TargetChange> = {}): TargetChange {
  return {
    kind: 'remove',
    syncId: 'prod-to-test',
    sourceTenantId: SOURCE,
    sourceUserId,
    targetTenantId: TARGET,
    sourceVersion: 4,
    removalPolicy: { mode: 'disable', deleteAfterDays: 30 },
    correlationId: 'corr-1',
    attempt: 0,
    reason: 'out-of-scope',
    ...overrides,
  } as TargetChange;
}

/** A GUID-shaped user id numbered `n` (1–9999). */
export function userId(n: number): string {
  return `33333333-3333-4333-8333-${String(n).padStart(12, '0')}`;
}
