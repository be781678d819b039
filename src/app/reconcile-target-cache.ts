/**
 * A reconcile run's reads of target tenants, shared by every sync into the same tenant: in a hub or a mesh
 * a tenant receives from several sources, and one read of its external users (selecting what all those
 * syncs map) serves them all, each taking its own source's anchors. Deleted items are shared the same way,
 * read only when a sync first needs them. A read older than `maxAgeMs` is made again, so a long run does
 * not decide from an old picture; a failed read is not kept, so the next sync tries again.
 */
import type { TopologySync } from '../core/topology/topology.js';
import type { Clock, DirectoryProvider } from './ports.js';
import {
  anchoredOf,
  readTargetTenant,
  targetReadSelect,
  type AnchoredUsers,
  type OnPage,
  type TargetTenantRead,
} from './reconcile-target-read.js';

/** One sync's part of a shared read, and the Graph reads this call made (0 when an earlier one served). */
export interface SharedRead {
  readonly users: AnchoredUsers;
  readonly reads: number;
}

/** The target reads of one run. */
export interface ReconcileTargets {
  /** The live users carrying an anchor of `sync`'s source in its target. */
  anchored(sync: TopologySync, onPage?: OnPage): Promise<SharedRead>;
  /** The users in deleted items of `sync`'s target carrying an anchor of its source. */
  deleted(sync: TopologySync, onPage?: OnPage): Promise<SharedRead>;
}

/** What {@link createReconcileTargets} needs. */
export interface ReconcileTargetsOptions {
  readonly directories: DirectoryProvider;
  /** Every sync the run reconciles: a tenant's read selects what all the syncs into it map. */
  readonly syncs: readonly TopologySync[];
  readonly anchorAttribute: string;
  readonly clock: Clock;
  /** Default 10 minutes. */
  readonly maxAgeMs?: number;
}

interface Entry {
  readonly read: Promise<TargetTenantRead>;
  readonly at: number;
}

/** Creates the shared target reads of one run. */
export function createReconcileTargets(options: ReconcileTargetsOptions): ReconcileTargets {
  const { directories, anchorAttribute, clock } = options;
  const maxAgeMs = options.maxAgeMs ?? 10 * 60_000;
  const live = new Map<string, Entry>();
  const deleted = new Map<string, Entry>();

  const selectFor = (sync: TopologySync): readonly string[] => {
    const into = options.syncs.filter((other) => sameTenant(other.toTenantId, sync.toTenantId));
    return targetReadSelect(
      into.some((other) => other.id === sync.id) ? into : [...into, sync],
      anchorAttribute,
    );
  };

  const shared = async (
    cache: Map<string, Entry>,
    sync: TopologySync,
    isDeleted: boolean,
    onPage: OnPage | undefined,
  ): Promise<SharedRead> => {
    const key = sync.toTenantId.toLowerCase();
    const now = clock.now().getTime();
    const cached = cache.get(key);
    if (cached && now - cached.at <= maxAgeMs) {
      return { users: anchoredOf(await cached.read, sync.fromTenantId), reads: 0 };
    }
    const read = readTargetTenant(directories.forTenant(sync.toTenantId), selectFor(sync), anchorAttribute, {
      deleted: isDeleted,
      ...(onPage === undefined ? {} : { onPage }),
    });
    const entry: Entry = { read, at: now };
    cache.set(key, entry);
    try {
      const done = await read;
      return { users: anchoredOf(done, sync.fromTenantId), reads: done.reads };
    } catch (error) {
      if (cache.get(key) === entry) cache.delete(key);
      throw error;
    }
  };

  return {
    anchored: (sync, onPage) => shared(live, sync, false, onPage),
    deleted: (sync, onPage) => shared(deleted, sync, true, onPage),
  };
}

function sameTenant(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}
