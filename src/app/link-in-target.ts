/**
 * A link names the target tenant its user lives in. When a sync is pointed at another target tenant (same
 * sync id, new `to`), its old links still exist but describe users of the previous tenant: planning from
 * them would report "unchanged" and patch ids that do not exist in the new tenant. Every reader that plans
 * for the sync's current target sees such a link as no link at all; the row (and its ETag) stays, so the
 * link saved for the new target replaces it.
 */
import type { Link } from '../core/link.js';

/**
 * The link when it belongs to `targetTenantId` (compared case-insensitively, as tenant ids are GUIDs), else
 * null: a link of the sync's previous target tenant.
 */
export function linkInTarget<L extends Link>(link: L | null, targetTenantId: string): L | null {
  if (link === null) return null;
  return link.targetTenantId.toLowerCase() === targetTenantId.toLowerCase() ? link : null;
}
