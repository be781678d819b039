import type { DrainRequest, TargetChange } from '../../../src/app/messages.js';

/** Tenants and users the sync-queue tests use (lower-case GUIDs, as Graph returns them). */
export const tenants = {
  sourceA: '0a0a0a0a-0000-4000-8000-00000000000a',
  sourceB: '0b0b0b0b-0000-4000-8000-00000000000b',
  targetA: '1a1a1a1a-0000-4000-8000-00000000001a',
  targetB: '1b1b1b1b-0000-4000-8000-00000000001b',
} as const;

/** A user id made from a number, so tests can make many distinct users. */
export function aUserId(n: number): string {
  return `2c2c2c2c-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
}

/** A drain request for source tenant A, triggered by a notification; an override of `undefined` removes a field. */
export function aDrainRequest(overrides: Partial<DrainRequest> = {}): DrainRequest {
  const request: DrainRequest = {
    kind: 'drain',
    sourceTenantId: tenants.sourceA,
    reason: 'notification',
    hintedUserIds: [aUserId(1)],
    notifiedAt: '2026-01-05T10:00:00.000Z',
    attempt: 0,
    correlationId: 'corr-drain-1',
    dedupeKey: 'sub-1:notification-1',
    ...overrides,
  };
  // What a consumer receives went through JSON, which has no undefined-valued keys.
  return JSON.parse(JSON.stringify(request)) as DrainRequest;
}

/** The upsert variant of a target change. */
export type TargetUpsert = Extract<TargetChange, { kind: 'upsert' }>;

/** An upsert of user 1 of source A into target A, version 1. */
export function aTargetChange(overrides: Partial<TargetUpsert> = {}): TargetUpsert {
  return {
    kind: 'upsert',
    syncId: 'a-to-b',
    sourceTenantId: tenants.sourceA,
    sourceUserId: aUserId(1),
    targetTenantId: tenants.targetA,
    sourceVersion: 1,
    removalPolicy: { mode: 'disable', deleteAfterDays: 30 },
    correlationId: 'corr-change-1',
    attempt: 0,
    desired: {
      attributes: { displayName: 'Ada Lovelace', department: 'Engineering', jobTitle: 'Analyst' },
      onCreateOnly: { usageLocation: 'GB' },
      invitation: {
        email: 'ada@source-a.example',
        displayName: 'Ada Lovelace',
        redirectUrl: 'https://myapps.microsoft.com',
      },
      hash: 'hash-1',
    },
    ...overrides,
  };
}
