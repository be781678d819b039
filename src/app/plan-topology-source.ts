/**
 * Where a topology dry run gets a source tenant's users from: the mirror, when the drain has read the tenant
 * in full with a `$select` that already covers everything the planned syncs read; otherwise one read-only
 * delta round of its users (nothing is saved: no cursor, no mirror row).
 */
import { sourceSelectFor } from '../core/source-attributes.js';
import type { Topology, TopologySync } from '../core/topology/topology.js';
import type { UserAttributes } from '../core/user-attributes.js';
import type { SourceUserState } from '../core/decide-source-change.js';
import type { CursorStore, DeltaStart, SourceMirror, UserDirectory } from './ports.js';
import { SyncError } from '../core/sync-errors.js';

/** A source user as a dry run sees it. */
export interface PlannedSourceUser {
  readonly id: string;
  readonly attributes: UserAttributes;
  readonly state: SourceUserState;
}

/** The users of one source tenant and where they came from. */
export interface PlannedSource {
  readonly users: readonly PlannedSourceUser[];
  readonly from: 'mirror' | 'graph';
}

/** What reading a source needs. */
export interface PlanSourceDeps {
  readonly cursors: CursorStore;
  readonly mirror: SourceMirror;
  readonly anchorAttribute: string;
}

// A bound on the read-only delta round, so a dry run cannot loop on a misbehaving link.
const maxPages = 10_000;

/**
 * Reads the users of `tenantId` for the planned syncs from it.
 *
 * @param active - The active topology (whose `$select` the mirror was read with), or null.
 * @throws SyncError for Graph or state failures.
 */
export async function readPlannedSource(
  tenantId: string,
  planned: readonly TopologySync[],
  active: Topology | null,
  directory: UserDirectory,
  deps: PlanSourceDeps,
): Promise<PlannedSource> {
  const select = sourceSelectFor(planned, deps.anchorAttribute);
  if (await isMirrorUsable(tenantId, select, active, deps)) {
    return { users: await readMirror(tenantId, deps.mirror), from: 'mirror' };
  }
  return { users: await readOnce(directory, select), from: 'graph' };
}

async function isMirrorUsable(
  tenantId: string,
  select: readonly string[],
  active: Topology | null,
  deps: PlanSourceDeps,
): Promise<boolean> {
  const readWith = active?.syncs.filter((sync) => sync.fromTenantId === tenantId) ?? [];
  if (readWith.length === 0) return false;
  const mirrored = new Set(sourceSelectFor(readWith, deps.anchorAttribute));
  if (!select.every((name) => mirrored.has(name))) return false;
  const cursor = await deps.cursors.get(tenantId);
  return cursor !== null && (cursor.value.roundComplete || !cursor.value.roundIsFull);
}

async function readMirror(tenantId: string, mirror: SourceMirror): Promise<PlannedSourceUser[]> {
  const users: PlannedSourceUser[] = [];
  let token: string | undefined;
  do {
    const page = await mirror.list(tenantId, token);
    for (const { value } of page.items) {
      users.push({ id: value.userId, attributes: value.attributes, state: value.state });
    }
    token = page.continuationToken;
  } while (token !== undefined);
  return users;
}

async function readOnce(directory: UserDirectory, select: readonly string[]): Promise<PlannedSourceUser[]> {
  const users = new Map<string, PlannedSourceUser>();
  let start: DeltaStart = { kind: 'initial', select };
  for (let page = 0; page < maxPages; page += 1) {
    const result = await directory.readDelta(start);
    if (result.kind === 'resync-required') {
      throw new SyncError('GRAPH.RESYNC_REQUIRED', `Graph refused a fresh delta round: ${result.reason}`, {
        retryable: true,
      });
    }
    for (const change of result.page.changes) {
      if (change.kind === 'present') {
        users.set(change.user.id, {
          id: change.user.id,
          attributes: change.user.attributes,
          state: 'present',
        });
      } else users.delete(change.id);
    }
    if (result.page.nextLink === undefined) return [...users.values()];
    start = { kind: 'link', link: result.page.nextLink };
  }
  throw new SyncError(
    'GRAPH.UNEXPECTED',
    `The users of tenant ${directory.tenantId} did not fit ${maxPages} pages.`,
  );
}
