import type { UserAttributes } from './user-attributes.js';

/** What the target user of one sync should look like, computed from the source user and the mappings. */
export interface DesiredState {
  /** Mapped attributes written on create and whenever they change (`apply: always`). */
  readonly attributes: UserAttributes;
  /** Mapped attributes written only when xtsync creates or adopts the user (`apply: onCreate`). */
  readonly onCreateOnly: UserAttributes;
  /** How to invite the person when no target user exists yet. */
  readonly invitation: {
    readonly email: string;
    readonly displayName: string;
    readonly redirectUrl: string;
  };
  /** Hash of everything above; equal to the link's appliedHash → nothing to do. */
  readonly hash: string;
}

/** What happens to the target user when its source user leaves scope. */
export interface RemovalPolicy {
  /** `disable`: block sign-in and hide, hard delete after `deleteAfterDays`; `delete`: soft-delete at once. */
  readonly mode: 'disable' | 'delete';
  readonly deleteAfterDays: number;
}

/** Why a source user no longer has a target user in a sync. */
export type RemovalReason = 'deleted' | 'hard-deleted' | 'disabled' | 'out-of-scope';
