/**
 * The subscription check of a source tenant: xtsync hears about changes only while it holds a Graph
 * subscription there, so the state table must have one that does not expire within a day AND Graph must
 * still list it (Graph drops subscriptions it could not validate, renew or deliver to).
 */
import { isSyncError } from '../core/sync-errors.js';
import { runCheck, type CheckOutcome } from './doctor-check-runner.js';
import { tenantLabel } from './doctor-fixes.js';
import type { ProbedTenant } from './doctor-policy-checks.js';
import type { DoctorCheck } from './doctor-report.js';
import { tenantScope } from './doctor-tenant-checks.js';
import { notificationUrls } from './maintain-subscriptions.js';
import type { Clock, SubscriptionRecord, SubscriptionStore } from './ports.js';

/** A subscription closer to its end than this counts as lost: renewal should have moved it on long before. */
export const subscriptionMarginMs = 24 * 60 * 60_000;

/** What the subscription check reads. */
export interface SubscriptionCheckDeps {
  readonly subscriptions: SubscriptionStore;
  readonly clock: Clock;
  /** `XTSYNC_PUBLIC_BASE_URL`: named in the fix, and compared with the subscription's notification URL. */
  readonly publicBaseUrl?: string;
  readonly timeoutMs: number;
}

/** `source-subscription:<key>`: a live subscription in the state table and in Graph. */
export function subscriptionCheck(source: ProbedTenant, deps: SubscriptionCheckDeps): Promise<DoctorCheck> {
  const { tenant } = source;
  return runCheck(
    { id: `source-subscription:${tenant.key}`, title: 'Live Graph subscription', scope: tenantScope(tenant) },
    async (): Promise<CheckOutcome> => {
      const fix = subscriptionFix(deps.publicBaseUrl);
      const records = await deps.subscriptions.listByTenant(tenant.tenantId);
      const cutoff = deps.clock.now().getTime() + subscriptionMarginMs;
      const live = records.filter((record) => Date.parse(record.expiresAt) > cutoff);
      if (records.length === 0) {
        return {
          status: 'fail',
          detail: `xtsync holds no Graph subscription for ${tenantLabel(tenant)}, so it hears of no change there.`,
          fix,
        };
      }
      if (live.length === 0) {
        const latest =
          records
            .map((record) => record.expiresAt)
            .sort()
            .at(-1) ?? '';
        return {
          status: 'fail',
          detail: `xtsync's subscription for ${tenantLabel(tenant)} expires at ${latest}, within a day: renewal is failing.`,
          fix,
        };
      }
      if (source.token.kind === 'failed') {
        return {
          status: 'skip',
          detail: `xtsync holds subscription ${live[0]?.id ?? ''}, but Graph's side cannot be checked without a token; see the Graph token check of ${tenant.key}.`,
        };
      }
      const listed = await listInGraph(source);
      if (listed === 'forbidden') {
        return {
          status: 'skip',
          detail: `Graph refused to list subscriptions in ${tenantLabel(tenant)} (403); see the Graph permissions check of ${tenant.key}.`,
        };
      }
      const found = live.find((record) => listed.has(record.id));
      if (found === undefined) {
        return {
          status: 'fail',
          detail: `Graph no longer lists subscription ${live.map((record) => record.id).join(', ')} in ${tenantLabel(tenant)}: it was removed or expired on Graph's side.`,
          fix,
        };
      }
      return judgeNotificationUrl(found, deps.publicBaseUrl);
    },
    deps.timeoutMs,
  );
}

async function listInGraph(source: ProbedTenant): Promise<ReadonlySet<string> | 'forbidden'> {
  try {
    return new Set((await source.probe.listSubscriptions()).map((subscription) => subscription.id));
  } catch (error) {
    if (isSyncError(error, 'GRAPH.FORBIDDEN')) return 'forbidden';
    throw error;
  }
}

function judgeNotificationUrl(record: SubscriptionRecord, publicBaseUrl: string | undefined): CheckOutcome {
  const live = `Subscription ${record.id} is live until ${record.expiresAt}.`;
  if (publicBaseUrl === undefined) return { status: 'pass', detail: live };
  const expected = notificationUrls(publicBaseUrl).notificationUrl;
  if (record.notificationUrl === expected) return { status: 'pass', detail: live };
  return {
    status: 'warn',
    detail: `${live} It notifies ${record.notificationUrl}, not ${expected}.`,
    fix: "Run xtsync topology apply again (or wait for the reconcile timer): it moves the subscription to this deployment's URL.",
  };
}

/** The fix for a missing or lost subscription. */
export function subscriptionFix(publicBaseUrl: string | undefined): string {
  const base = publicBaseUrl ?? 'XTSYNC_PUBLIC_BASE_URL';
  return (
    'Run xtsync topology apply FILE (it subscribes every source tenant), or wait for the reconcile timer to ' +
    `recreate it. If it keeps failing, check that XTSYNC_PUBLIC_BASE_URL (${base}) is reachable by Graph ` +
    `over https: Graph validates ${base}/api/graph-notifications before it creates a subscription.`
  );
}
