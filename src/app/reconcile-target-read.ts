/**
 * What reconciliation reads from a target tenant: one paged, `$select`ed read of its external users, kept
 * only when they carry an anchor of the sync's source tenant, and — only when some person needs it — one
 * paged read of its deleted users. Graph cannot filter on "has an anchor" without advanced queries, so the
 * external users are filtered here; the page size (999) keeps it to O(users / 999) calls.
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

/** The properties read from target users: enough to diff every mapped attribute and to check anchor and state. */
export function targetReadSelect(sync: TopologySync, anchorAttribute: string): readonly string[] {
  return [
    ...new Set([
      'id',
      'accountEnabled',
      'mail',
      'userPrincipalName',
      anchorAttribute,
      ...sync.mappings.map((mapping) => mapping.target),
    ]),
  ];
}

/**
 * Reads the target's external users that carry an anchor of `sync.fromTenantId`.
 *
 * @throws SyncError (GRAPH.*) when Graph fails; nothing is half-read, the caller retries the whole sync.
 */
export function readAnchoredUsers(
  directory: UserDirectory,
  sync: TopologySync,
  anchorAttribute: string,
): Promise<AnchoredUsers> {
  const select = targetReadSelect(sync, anchorAttribute);
  return readAll((nextLink) => directory.listExternalUsers(select, nextLink), sync, anchorAttribute);
}

/**
 * Reads the target's deleted users that carry an anchor of `sync.fromTenantId`.
 *
 * @throws SyncError (GRAPH.*) when Graph fails.
 */
export function readDeletedAnchoredUsers(
  directory: UserDirectory,
  sync: TopologySync,
  anchorAttribute: string,
): Promise<AnchoredUsers> {
  const select = targetReadSelect(sync, anchorAttribute);
  return readAll((nextLink) => directory.listDeletedUsers(select, nextLink), sync, anchorAttribute);
}

async function readAll(
  readPage: (nextLink: string | undefined) => Promise<Page<DirectoryUser>>,
  sync: TopologySync,
  anchorAttribute: string,
): Promise<AnchoredUsers> {
  const byPerson = new Map<string, DirectoryUser[]>();
  const byId = new Map<string, DirectoryUser>();
  let reads = 0;
  let nextLink: string | undefined;
  do {
    const page = await readPage(nextLink);
    reads += 1;
    for (const user of page.items) {
      const anchor = parseAnchor(user.attributes[anchorAttribute]);
      if (anchor?.sourceTenantId !== sync.fromTenantId.toLowerCase()) continue;
      byId.set(user.id, user);
      const users = byPerson.get(anchor.sourceUserId) ?? [];
      users.push(user);
      byPerson.set(anchor.sourceUserId, users);
    }
    nextLink = page.nextLink;
  } while (nextLink !== undefined);
  return { byPerson, byId, reads };
}
