/**
 * The reconcile step for one person of one sync, from the rows read: the drain's decision on the mirror row
 * (a person the mirror does not know is a `hard-deleted` removal, to be confirmed in the source before it is
 * published), the link — unless it names another target tenant than the sync's — and the person's target
 * user (live, or in deleted items once they were read).
 */
import { decideSourceChange, type SourceChangeDecision } from '../core/decide-source-change.js';
import { isSyncError } from '../core/sync-errors.js';
import type { TopologySync } from '../core/topology/topology.js';
import type { DirectoryUser } from '../core/user-attributes.js';
import { linkInTarget } from './link-in-target.js';
import type { Link, Logger, MirroredUser, Stored } from './ports.js';
import type { AnchoredUsers } from './reconcile-target-read.js';
import { planReconcileUser, type ReconcileStep } from './reconcile-user.js';

/** One person to compare: the mirror row (null when the mirror does not know them) and the link. */
export interface ReconcilePerson {
  readonly sourceUserId: string;
  readonly mirror: Stored<MirroredUser> | null;
  readonly link: Stored<Link> | null;
}

/** What the step of a person is decided against. */
export interface ReconcilePersonContext {
  readonly sync: TopologySync;
  readonly target: AnchoredUsers;
  /** The deleted items, once read. */
  readonly deleted?: AnchoredUsers;
  readonly now: Date;
  readonly anchorAttribute: string;
  readonly logger: Logger;
}

const unknownSource: SourceChangeDecision = {
  kind: 'remove',
  reason: 'hard-deleted',
  explanation: 'The source user is not in the mirror of a fully read source: it no longer exists.',
};

/**
 * Decides the step for `person`; null when the drain cannot sync the source user at all (no mail, no UPN:
 * logged, nothing to repair).
 *
 * @throws Error for anything but the drain's own `MESSAGE.INVALID` refusal.
 */
export function planPerson(person: ReconcilePerson, context: ReconcilePersonContext): ReconcileStep | null {
  const { sync, target, deleted, now, anchorAttribute } = context;
  let decision = unknownSource;
  if (person.mirror) {
    try {
      const { attributes, state } = person.mirror.value;
      decision = decideSourceChange({ user: { attributes, state }, sync, anchorAttribute });
    } catch (error) {
      if (!isSyncError(error, 'MESSAGE.INVALID')) throw error;
      context.logger.warn('Source user cannot be synced', {
        sourceUserId: person.sourceUserId,
        reason: error.message,
      });
      return null;
    }
  }
  // A link into the sync's previous target tenant says nothing about this one.
  const link = linkInTarget(person.link?.value ?? null, sync.toTenantId);
  const key = person.sourceUserId.toLowerCase();
  const present = pickPresent(target.byPerson.get(key), link);
  const found =
    deleted === undefined
      ? undefined
      : ((link?.targetUserId ? deleted.byId.get(link.targetUserId) : undefined) ??
        deleted.byPerson.get(key)?.[0] ??
        null);
  return planReconcileUser({
    sync,
    sourceUserId: person.sourceUserId,
    decision,
    link,
    present,
    ...(found === undefined ? {} : { deleted: found }),
    now,
  });
}

/** The linked user when several carry the anchor (a duplicate made by hand), else the first. */
function pickPresent(users: readonly DirectoryUser[] | undefined, link: Link | null): DirectoryUser | null {
  if (!users || users.length === 0) return null;
  return users.find((user) => user.id === link?.targetUserId) ?? users[0] ?? null;
}
