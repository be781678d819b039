/**
 * What reconciliation reads from a target tenant: one paged, `$select`ed read of its external users, kept
 * only when they carry an anchor of xtsync, grouped by the anchor's source tenant — and, only when some
 * person needs it, one paged read of its deleted users. Graph cannot filter on "has an anchor" without
 * advanced queries, so the users are filtered here; the page size (999) keeps it to O(users / 999) calls.
 */
import { parseAnchor } from '../core/anchors.js';
import type { TopologySync } from '../core/topology/topology.js';
import type { DirectoryUser } from '../core/user-attributes.js';
import type { Page, UserDirectory } from './ports.js';

/** Target users of one source tenant's people, by source user id, and the Graph reads it took. */
export interface AnchoredUsers {
  readonly byPerson: ReadonlyMap<string, readonly DirectoryUser[]>;
  /** Every user read, by id (deleted items are looked up by the linked id). */
  readonly byId: ReadonlyMap<string, DirectoryUser>;
  readonly reads: number;
}

/** One read of a target tenant: the anchored users of each source tenant (lower-case id), and its cost. */
export interface TargetTenantRead {
  readonly bySource: ReadonlyMap<string, AnchoredUsers>;
  readonly reads: number;
}

/** The anchored users of one source tenant while they are read. */
interface Group {
  readonly byPerson: Map<string, DirectoryUser[]>;
  readonly byId: Map<string, DirectoryUser>;
}

/** What to call after every page (a reconcile run renews its lease there). */
export type OnPage = () => Promise<void>;

/** What is read of target users: enough to diff every mapped attribute (of all `syncs`), anchor and state. */
export function targetReadSelect(syncs: readonly TopologySync[], anchorAttribute: string): readonly string[] {
  return [
    ...new Set([
      'id',
      'accountEnabled',
      'mail',
      'userPrincipalName',
      anchorAttribute,
      ...syncs.flatMap((sync) => sync.mappings.map((mapping) => mapping.target)),
    ]),
  ];
}

/**
 * Reads the target's external users that carry an anchor of `sync.fromTenantId`.
 *
 * @throws SyncError (GRAPH.*) when Graph fails; nothing is half-read, the caller retries the whole sync.
 */
export async function readAnchoredUsers(
  directory: UserDirectory,
  sync: TopologySync,
  anchorAttribute: string,
): Promise<AnchoredUsers> {
  const read = await readTargetTenant(directory, targetReadSelect([sync], anchorAttribute), anchorAttribute);
  return anchoredOf(read, sync.fromTenantId);
}

/**
 * Reads a target tenant's users carrying any xtsync anchor (live ones, or those in deleted items), grouped
 * by the anchor's source tenant, calling `onPage` after every page.
 *
 * @throws SyncError (GRAPH.*) when Graph fails.
 */
export async function readTargetTenant(
  directory: UserDirectory,
  select: readonly string[],
  anchorAttribute: string,
  options: { readonly deleted?: boolean; readonly onPage?: OnPage } = {},
): Promise<TargetTenantRead> {
  const readPage = (nextLink: string | undefined): Promise<Page<DirectoryUser>> =>
    options.deleted === true
      ? directory.listDeletedUsers(select, nextLink)
      : directory.listExternalUsers(select, nextLink);
  const bySource = new Map<string, Group>();
  let reads = 0;
  let nextLink: string | undefined;
  do {
    const page = await readPage(nextLink);
    reads += 1;
    for (const user of page.items) {
      const anchor = parseAnchor(user.attributes[anchorAttribute]);
      if (anchor === null) continue;
      const group: Group = bySource.get(anchor.sourceTenantId) ?? {
        byPerson: new Map<string, DirectoryUser[]>(),
        byId: new Map<string, DirectoryUser>(),
      };
      group.byId.set(user.id, user);
      group.byPerson.set(anchor.sourceUserId, [...(group.byPerson.get(anchor.sourceUserId) ?? []), user]);
      bySource.set(anchor.sourceTenantId, group);
    }
    nextLink = page.nextLink;
    await options.onPage?.();
  } while (nextLink !== undefined);
  return {
    bySource: new Map([...bySource].map(([tenantId, group]) => [tenantId, { ...group, reads }])),
    reads,
  };
}

/** The anchored users of `sourceTenantId` in a tenant read (none when it has none there). */
export function anchoredOf(read: TargetTenantRead, sourceTenantId: string): AnchoredUsers {
  return (
    read.bySource.get(sourceTenantId.toLowerCase()) ?? {
      byPerson: new Map(),
      byId: new Map(),
      reads: read.reads,
    }
  );
}
