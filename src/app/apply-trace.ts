/**
 * What the apply step found and decided for one change, filled in as it goes. Provision on demand passes
 * one to report its Match and Action steps — also when the apply fails part-way.
 */
import type { Link } from '../core/link.js';
import type { TargetMatch } from '../core/plan-user-sync.js';
import type { SyncPlan } from '../core/sync-plan.js';

/** Filled in by `applyTargetChange` when given; every field stays unset until that point is reached. */
export interface ApplyTrace {
  /** The link as loaded; null when there was none. */
  link?: Link | null;
  /** Whether the linked target user was found when the change asked to verify it. */
  verified?: 'present' | 'missing';
  /** What the search of the target tenant found, when the link gave no (more) target user. */
  match?: TargetMatch;
  /** The plan last decided: carried out on success, being carried out on failure. */
  plan?: SyncPlan;
}
