import type { UserAttributes } from './user-attributes.js';

/** State of the target user a link points at. `absent` records a decision that created nothing. */
export type LinkState = 'active' | 'disabled' | 'deleted' | 'absent';

/**
 * The link between a source user and its target user for one sync: which target user xtsync manages for
 * that person, what it last wrote there, and from which source version.
 */
export interface Link {
  readonly syncId: string;
  readonly sourceTenantId: string;
  readonly sourceUserId: string;
  readonly targetTenantId: string;
  readonly targetUserId: string | null;
  readonly state: LinkState;
  readonly appliedHash: string | null;
  /** The mapped attributes as last written, so an update patches only what changed. */
  readonly appliedAttributes: UserAttributes;
  readonly sourceVersion: number;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly disabledAt: string | null;
  readonly deletedAt: string | null;
  readonly lastError: { readonly code: string; readonly message: string; readonly at: string } | null;
}
