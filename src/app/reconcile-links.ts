/**
 * Reads every link of one sync, page by page, keyed by lower-case source user id (anchors are lower case),
 * for reconciliation and topology dry runs.
 */
import type { Link, LinkStore, Stored } from './ports.js';

/**
 * All links of `syncId` with their ETags.
 *
 * @throws SyncError when the links table cannot be read.
 */
export async function readSyncLinks(syncId: string, store: LinkStore): Promise<Map<string, Stored<Link>>> {
  const links = new Map<string, Stored<Link>>();
  let token: string | undefined;
  do {
    const page = await store.list(syncId, token);
    for (const link of page.items) links.set(link.value.sourceUserId.toLowerCase(), link);
    token = page.continuationToken;
  } while (token !== undefined);
  return links;
}
