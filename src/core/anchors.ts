/**
 * The source anchor xtsync stamps on every target user it creates or adopts: it names the *person*
 * (source tenant + source object id), so the same person is found again after a lost link, a crash
 * between invite and link save, or a rebuilt state table.
 */

const guidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The name part of the anchor extension; any `extension_*_xtsyncSourceAnchor` is reserved for xtsync. */
export const anchorExtensionSuffix = 'xtsyncSourceAnchor';

/** The two halves of an anchor value. */
export interface SourceAnchor {
  readonly sourceTenantId: string;
  readonly sourceUserId: string;
}

/**
 * Formats the anchor value `<sourceTenantId>:<sourceUserId>` in lower case.
 *
 * @throws Error when either id is not a GUID (an anchor that cannot be parsed back would orphan the user).
 */
export function formatAnchor(sourceTenantId: string, sourceUserId: string): string {
  if (!guidPattern.test(sourceTenantId) || !guidPattern.test(sourceUserId)) {
    throw new Error(
      `Cannot format an anchor from '${sourceTenantId}' and '${sourceUserId}': both must be GUIDs.`,
    );
  }
  return `${sourceTenantId}:${sourceUserId}`.toLowerCase();
}

/**
 * Parses an anchor value; returns null for anything that is not `<guid>:<guid>` (any case), so a value
 * written by someone else is never mistaken for ours.
 */
export function parseAnchor(value: unknown): SourceAnchor | null {
  if (typeof value !== 'string') return null;
  const parts = value.split(':');
  if (parts.length !== 2) return null;
  const [sourceTenantId, sourceUserId] = parts;
  if (sourceTenantId === undefined || sourceUserId === undefined) return null;
  if (!guidPattern.test(sourceTenantId) || !guidPattern.test(sourceUserId)) return null;
  return { sourceTenantId: sourceTenantId.toLowerCase(), sourceUserId: sourceUserId.toLowerCase() };
}

/**
 * The directory extension that holds the anchor: `extension_<appClientIdWithoutHyphens>_xtsyncSourceAnchor`.
 * Graph names extensions after the owning app's client id (not its object id), hyphens removed.
 *
 * @throws Error when `appClientId` is not a GUID.
 */
export function anchorAttributeName(appClientId: string): string {
  if (!guidPattern.test(appClientId)) {
    throw new Error(`Cannot name the anchor extension: app client id '${appClientId}' is not a GUID.`);
  }
  return `extension_${appClientId.replaceAll('-', '').toLowerCase()}_${anchorExtensionSuffix}`;
}

/** True when `attributeName` is an xtsync anchor extension of any app registration. */
export function isAnchorAttributeName(attributeName: string): boolean {
  return /^extension_[0-9a-f]{32}_xtsyncSourceAnchor$/i.test(attributeName);
}
