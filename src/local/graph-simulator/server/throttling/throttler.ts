/**
 * Graph's throttling model (reference/graph-api.md §6.2 and §1.1): token buckets per app+tenant, tenant and
 * app, checked together; a call passes only when every budget it draws on has room, and a throttled call
 * takes nothing. `{ scale }` multiplies limits and windows alike, keeping the rates while shortening bursts
 * and Retry-After values for tests.
 */
import type { RequestCost } from './request-cost.js';
import { createTokenBucket, type TokenBucket } from './token-bucket.js';

/** `'real'` (documented limits), `'off'`, or the documented limits and windows multiplied by `scale`. */
export type ThrottleSetting = 'real' | 'off' | { readonly scale: number };

/** The verdict for one call, with the headers Graph adds either way. */
export type ThrottleDecision =
  | { readonly allowed: true; readonly headers: Record<string, string> }
  | { readonly allowed: false; readonly retryAfterSeconds: number; readonly headers: Record<string, string> };

/** Checks and charges calls against every budget. */
export interface Throttler {
  /** Decides for a call by `appId` in `tenantId` (whose size picks the resource-unit tier). */
  check(appId: string, tenantId: string, tenantUserCount: number, cost: RequestCost): ThrottleDecision;
}

interface Limit {
  readonly scope: 'Tenant_Application' | 'Tenant' | 'Application';
  readonly operation: 'ReadWrite' | 'Write' | 'Read';
  readonly information: string;
  readonly amount: (cost: RequestCost) => number;
  readonly limit: (tenantUserCount: number) => number;
  readonly windowMs: number;
}

/** Resource units per 10 s for an app in a tenant of this size (S < 50 users, M ≤ 500, L above). */
export function resourceUnitLimit(tenantUserCount: number): number {
  if (tenantUserCount < 50) return 3_500;
  if (tenantUserCount <= 500) return 5_000;
  return 8_000;
}

const limits: readonly Limit[] = [
  limit(
    'Tenant_Application',
    'ReadWrite',
    'ResourceUnitLimitExceeded',
    (c) => c.resourceUnits,
    resourceUnitLimit,
    10_000,
  ),
  limit(
    'Tenant_Application',
    'Write',
    'WriteLimitExceeded',
    (c) => c.writes,
    () => 3_000,
    150_000,
  ),
  limit(
    'Tenant',
    'Write',
    'WriteLimitExceeded',
    (c) => c.writes,
    () => 18_000,
    300_000,
  ),
  limit(
    'Application',
    'Write',
    'WriteLimitExceeded',
    (c) => c.writes,
    () => 35_000,
    300_000,
  ),
  limit(
    'Tenant',
    'Write',
    'InvitationLimitExceeded',
    (c) => c.invitations,
    () => 150,
    5_000,
  ),
  limit(
    'Tenant_Application',
    'ReadWrite',
    'SubscriptionLimitExceeded',
    (c) => c.subscriptionCalls,
    () => 5_000,
    20_000,
  ),
  limit(
    'Tenant_Application',
    'Write',
    'SubscriptionLimitExceeded',
    (c) => c.subscriptionWrites,
    () => 1_000,
    20_000,
  ),
  limit(
    'Tenant',
    'ReadWrite',
    'SubscriptionLimitExceeded',
    (c) => c.subscriptionCalls,
    () => 10_000,
    20_000,
  ),
  limit(
    'Tenant',
    'Write',
    'SubscriptionLimitExceeded',
    (c) => c.subscriptionWrites,
    () => 2_000,
    20_000,
  ),
];

function limit(
  scope: Limit['scope'],
  operation: Limit['operation'],
  information: string,
  amount: Limit['amount'],
  limitFor: Limit['limit'],
  windowMs: number,
): Limit {
  return { scope, operation, information, amount, limit: limitFor, windowMs };
}

/** Creates a throttler; `now` is wall-clock milliseconds because clients wait real time on Retry-After. */
export function createThrottler(setting: ThrottleSetting, now: () => number = Date.now): Throttler {
  const buckets = new Map<string, TokenBucket>();
  const scale = setting === 'off' ? 1 : setting === 'real' ? 1 : setting.scale;
  if (!(scale > 0)) throw new Error(`Throttle scale must be a positive number, got ${scale}.`);

  const bucketFor = (
    index: number,
    rule: Limit,
    appId: string,
    tenantId: string,
    users: number,
  ): TokenBucket => {
    const key = `${index}/${rule.scope === 'Tenant' ? '' : appId}/${rule.scope === 'Application' ? '' : tenantId}`;
    const capacity = Math.max(1, rule.limit(users) * scale);
    const rate = rule.limit(users) / rule.windowMs;
    let bucket = buckets.get(key);
    if (bucket === undefined) {
      bucket = createTokenBucket(capacity, rate, now());
      buckets.set(key, bucket);
    } else {
      bucket.resize(capacity, rate);
    }
    return bucket;
  };

  return {
    check: (appId, tenantId, users, cost) => {
      const base = { 'x-ms-resource-unit': String(cost.resourceUnits) };
      if (setting === 'off') return { allowed: true, headers: base };
      const at = now();
      const drawn = limits
        .map((rule, index) => ({ rule, amount: rule.amount(cost), index }))
        .filter(({ amount }) => amount > 0)
        .map((entry) => ({ ...entry, bucket: bucketFor(entry.index, entry.rule, appId, tenantId, users) }));
      let worst: { waitMs: number; rule: Limit } | undefined;
      for (const { rule, amount, bucket } of drawn) {
        const waitMs = bucket.waitMs(amount, at);
        if (waitMs > 0 && (worst === undefined || waitMs > worst.waitMs)) worst = { waitMs, rule };
      }
      if (worst !== undefined) {
        const retryAfterSeconds = Math.max(0.001, Math.ceil(worst.waitMs) / 1000);
        return {
          allowed: false,
          retryAfterSeconds,
          headers: {
            ...base,
            'Retry-After': String(retryAfterSeconds),
            'x-ms-throttle-scope': `${worst.rule.scope}/${worst.rule.operation}/${appId}/${tenantId}`,
            'x-ms-throttle-information': worst.rule.information,
          },
        };
      }
      let usage = 0;
      for (const { amount, bucket } of drawn) {
        bucket.take(amount, at);
        usage = Math.max(usage, bucket.usage(at));
      }
      return {
        allowed: true,
        headers: usage > 0.8 ? { ...base, 'x-ms-throttle-limit-percentage': usage.toFixed(2) } : base,
      };
    },
  };
}
