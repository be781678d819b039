import type {
  DeadLetter,
  DeltaCursor,
  Link,
  MirroredUser,
  ProvisioningLogEntry,
  SubscriptionRecord,
} from '../../../src/app/ports.js';

/** Ids that exercise key encoding: every character Table Storage forbids in keys, and the escape itself. */
export const AWKWARD_IDS = [
  'alex_contoso.com#EXT#@fabrikam.onmicrosoft.com',
  'a/b\\c?d#e',
  'percent%20and!bang',
  'tab\there\u0001\u007f',
] as const;

const TENANT = '11111111-1111-4111-8111-111111111111';
const TARGET = '22222222-2222-4222-8222-222222222222';

/** A delta cursor with sensible defaults. */
export function aCursor(overrides: Partial<DeltaCursor> = {}): DeltaCursor {
  return {
    sourceTenantId: TENANT,
    link: 'https://graph.microsoft.com/v1.0/users/delta?$deltatoken=abc',
    roundComplete: true,
    selectHash: 'sel-1',
    roundId: 'round-1',
    roundIsFull: false,
    updatedAt: '2025-03-01T10:00:00.000Z',
    ...overrides,
  };
}

/** A mirrored source user with one attribute of each kind. */
export function aMirroredUser(overrides: Partial<MirroredUser> = {}): MirroredUser {
  return {
    sourceTenantId: TENANT,
    userId: '33333333-3333-4333-8333-333333333333',
    attributes: {
      displayName: 'Alex Wilber',
      accountEnabled: true,
      employeeOrgData_costCenter: 42,
      otherMails: ['alex@example.com', 'a.w@example.com'],
      jobTitle: null,
    },
    hash: 'hash-1',
    version: 1,
    state: 'present',
    lastSeenAt: '2025-03-01T10:00:00.000Z',
    lastSeenRound: 'round-1',
    published: { 'prod-to-test': 'desired-1', 'prod-to-lab': 'removed' },
    ...overrides,
  };
}

/** An active link with every optional field empty. */
export function aLink(overrides: Partial<Link> = {}): Link {
  return {
    syncId: 'prod-to-test',
    sourceTenantId: TENANT,
    sourceUserId: '33333333-3333-4333-8333-333333333333',
    targetTenantId: TARGET,
    targetUserId: '44444444-4444-4444-8444-444444444444',
    state: 'active',
    appliedHash: 'applied-1',
    appliedAttributes: { displayName: 'Alex Wilber', otherMails: ['alex@example.com'], department: null },
    sourceVersion: 3,
    createdAt: '2025-03-01T10:00:00.000Z',
    updatedAt: '2025-03-01T10:05:00.000Z',
    disabledAt: null,
    deletedAt: null,
    lastError: null,
    ...overrides,
  };
}

/** A subscription record (with a client state that must never leak). */
export function aSubscription(overrides: Partial<SubscriptionRecord> = {}): SubscriptionRecord {
  return {
    id: '55555555-5555-4555-8555-555555555555',
    tenantId: TENANT,
    resource: 'users',
    notificationUrl: 'https://xtsync.example.com/api/graph-notifications',
    lifecycleNotificationUrl: 'https://xtsync.example.com/api/graph-lifecycle',
    clientState: 'secret-client-state-value',
    expiresAt: '2025-03-03T10:00:00.000Z',
    createdAt: '2025-03-01T10:00:00.000Z',
    renewedAt: '2025-03-01T10:00:00.000Z',
    ...overrides,
  };
}

/** A successful update entry of the provisioning log. */
export function aLogEntry(overrides: Partial<ProvisioningLogEntry> = {}): ProvisioningLogEntry {
  return {
    id: 'entry-1',
    at: '2025-03-01T10:00:00.000Z',
    syncId: 'prod-to-test',
    sourceTenantId: TENANT,
    targetTenantId: TARGET,
    sourceUserId: '33333333-3333-4333-8333-333333333333',
    targetUserId: '44444444-4444-4444-8444-444444444444',
    action: 'update',
    outcome: 'success',
    reason: 'department changed',
    changedAttributes: ['department'],
    graphWrites: 1,
    durationMs: 120,
    correlationId: 'corr-1',
    errorCode: null,
    errorMessage: null,
    ...overrides,
  };
}

/** A dead-lettered target change. */
export function aDeadLetter(overrides: Partial<DeadLetter> = {}): DeadLetter {
  return {
    id: 'prod-to-test:33333333-3333-4333-8333-333333333333:3:upsert',
    scope: 'prod-to-test',
    body: { kind: 'upsert', syncId: 'prod-to-test', sourceVersion: 3, nested: { list: [1, 'two', null] } },
    reasonCode: 'GRAPH.FORBIDDEN',
    description: 'Insufficient privileges to invite users into the target tenant.',
    at: '2025-03-01T10:00:00.000Z',
    ...overrides,
  };
}
