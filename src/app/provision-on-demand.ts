/**
 * Provision on demand (`POST /api/resync` with users): up to 50 users of one sync provisioned now, each with
 * a step-by-step report, through the same steps the pipeline takes — so the mirror, the link and the
 * provisioning log end up exactly as if the change had come through a notification.
 */
import { randomUUID } from 'node:crypto';
import pLimit from 'p-limit';
import { sourceSelectFor } from '../core/source-attributes.js';
import type { OnDemandOutcome } from './on-demand-report.js';
import { provisionUserOnDemand, type UserOnDemandDeps } from './provision-user-on-demand.js';
import type { TopologySource } from './topology-source.js';

/** The most users one on-demand call provisions (a full resync covers more). */
export const maxOnDemandUsers = 50;

/** Which users of which sync. */
export interface OnDemandRequest {
  readonly syncId: string;
  /** Source user object ids (GUIDs); duplicates are provisioned once. */
  readonly sourceUserIds: readonly string[];
}

/** What provisioning on demand needs. */
export interface OnDemandDeps extends UserOnDemandDeps {
  readonly topology: TopologySource;
  /** Users provisioned in parallel (default 4). */
  readonly concurrency?: number;
}

/**
 * Provisions the users now and reports each, in the order asked; `unknown-sync` when the active topology
 * has no such sync. A user's failure is in its report; only a failure to read the topology throws.
 *
 * @throws RangeError for more than {@link maxOnDemandUsers} users (the entry point refuses them first).
 */
export async function provisionOnDemand(
  request: OnDemandRequest,
  deps: OnDemandDeps,
): Promise<OnDemandOutcome> {
  const userIds = [...new Set(request.sourceUserIds.map((id) => id.toLowerCase()))];
  if (userIds.length > maxOnDemandUsers) {
    throw new RangeError(`At most ${maxOnDemandUsers} users per on-demand call, not ${userIds.length}.`);
  }
  const active = await deps.topology.current();
  const sync = active?.topology.syncs.find((candidate) => candidate.id === request.syncId);
  if (!active || !sync) {
    return { kind: 'unknown-sync', syncId: request.syncId, topologyVersion: active?.version ?? null };
  }
  // The whole tenant's select list, as the drain reads it, so the mirror's hash means the same thing.
  const tenantSyncs = active.topology.syncs.filter((other) => other.fromTenantId === sync.fromTenantId);
  const select = sourceSelectFor(tenantSyncs, deps.anchorAttribute);
  const correlationId = `on-demand:${randomUUID()}`;
  const logger = deps.logger.child({ syncId: sync.id, correlationId });
  logger.info('Provisioning on demand', { users: userIds.length });
  const limit = pLimit(deps.concurrency ?? 4);
  const reports = await Promise.all(
    userIds.map((sourceUserId) =>
      limit(() => provisionUserOnDemand({ sync, select, sourceUserId, correlationId }, { ...deps, logger })),
    ),
  );
  return { kind: 'done', syncId: sync.id, reports };
}
