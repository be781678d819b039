/**
 * `POST /api/topology?dryRun=true`: what applying a topology file would create, update and remove in each
 * sync's target, before anything is written. Source users come from the mirror (or one read-only delta
 * round for a source not read yet), the current state from the links and one paged read of each target's
 * anchored users; the decisions are the pipeline's own (plan-topology-sync.ts). Nothing is saved anywhere.
 */
import { parseTopology } from '../core/topology/parse-topology.js';
import type { TopologyShape } from '../core/topology/topology-shape.js';
import type { Topology, TopologySync } from '../core/topology/topology.js';
import type { CursorStore, DirectoryProvider, LinkStore, Logger, SourceMirror } from './ports.js';
import { linkInTarget } from './link-in-target.js';
import { readSyncLinks } from './reconcile-links.js';
import { readPlannedSource, type PlannedSource } from './plan-topology-source.js';
import { planTopologySync, type PlannedUser, type SyncPlanBuckets } from './plan-topology-sync.js';
import { readAnchoredUsers } from './reconcile-target-read.js';
import type { TopologySource } from './topology-source.js';

/** Users listed per bucket at most; a larger bucket is given as its count only. */
export const maxListedUsers = 200;

/** What a dry run needs. */
export interface PlanTopologyDeps {
  readonly topology: TopologySource;
  readonly cursors: CursorStore;
  readonly mirror: SourceMirror;
  readonly links: LinkStore;
  /** Graph directories for the tenants of the planned file (which may not be in the active topology yet). */
  readonly directoriesFor: (topology: Topology) => DirectoryProvider;
  readonly anchorAttribute: string;
  readonly logger: Logger;
}

/** A bucket: the users, or their number when there are more than {@link maxListedUsers}. */
export type PlanBucket = readonly PlannedUser[] | number;

/** The plan of one sync. */
export interface SyncTopologyPlan {
  readonly id: string;
  readonly from: string;
  readonly to: string;
  readonly create: PlanBucket;
  readonly update: PlanBucket;
  readonly remove: PlanBucket;
  /** Always a count: nobody needs the list of users that stay as they are. */
  readonly unchanged: number;
  /** Where the source users were read from. */
  readonly source: PlannedSource['from'];
}

/** The answer of a dry run: no version (nothing was stored), the file's shape, and each sync's plan. */
export interface TopologyPlan {
  readonly version: null;
  readonly shape: TopologyShape;
  readonly syncs: readonly SyncTopologyPlan[];
}

/**
 * Plans `source` (YAML) without writing anything.
 *
 * @throws TopologyError when the file is invalid; SyncError when Graph or the state tables fail.
 */
export async function planTopology(source: string, deps: PlanTopologyDeps): Promise<TopologyPlan> {
  const { topology, shape } = parseTopology(source, 'topology');
  const active = (await deps.topology.current())?.topology ?? null;
  const directories = deps.directoriesFor(topology);
  const sources = new Map<string, Promise<PlannedSource>>();
  const sourceOf = (tenantId: string): Promise<PlannedSource> => {
    let read = sources.get(tenantId);
    if (!read) {
      const planned = topology.syncs.filter((sync) => sync.fromTenantId === tenantId);
      read = readPlannedSource(tenantId, planned, active, directories.forTenant(tenantId), deps);
      sources.set(tenantId, read);
    }
    return read;
  };
  const syncs: SyncTopologyPlan[] = [];
  for (const sync of topology.syncs) {
    const source = await sourceOf(sync.fromTenantId);
    const [links, target] = await Promise.all([
      readSyncLinks(sync.id, deps.links),
      readAnchoredUsers(directories.forTenant(sync.toTenantId), sync, deps.anchorAttribute),
    ]);
    const buckets = planTopologySync({
      sync,
      users: source.users,
      // Links into another tenant (the sync was pointed at a new target) are no links for this plan.
      links: new Map(
        [...links].flatMap(([id, link]) => {
          const current = linkInTarget(link.value, sync.toTenantId);
          return current === null ? [] : [[id, current] as const];
        }),
      ),
      anchored: target.byPerson,
      anchorAttribute: deps.anchorAttribute,
    });
    syncs.push(toSyncPlan(sync, buckets, source.from));
  }
  deps.logger.info('Topology planned (dry run)', { syncs: syncs.length, shape: shape.kind });
  return { version: null, shape, syncs };
}

function toSyncPlan(
  sync: TopologySync,
  buckets: SyncPlanBuckets,
  from: PlannedSource['from'],
): SyncTopologyPlan {
  const listed = (users: readonly PlannedUser[]): PlanBucket =>
    users.length > maxListedUsers ? users.length : users;
  return {
    id: sync.id,
    from: sync.from,
    to: sync.to,
    create: listed(buckets.create),
    update: listed(buckets.update),
    remove: listed(buckets.remove),
    unchanged: buckets.unchanged.length,
    source: from,
  };
}
