/**
 * The changes of the latency scenario: joiners, movers and leavers in turn, paced at a fixed rate. Movers
 * and leavers act on users that were synced before the clock started (the "base" users), each at most once,
 * so every change has exactly one provisioning outcome to wait for.
 */

/** The lifecycle event a change is. */
export type ChangeKind = 'joiner' | 'mover' | 'leaver';

/** The kinds in the order the plan cycles through them. */
export const changeKinds: readonly ChangeKind[] = ['joiner', 'mover', 'leaver'];

/** One planned change. */
export interface PlannedChange {
  readonly index: number;
  readonly kind: ChangeKind;
  /** When to make it, from the start of the run. */
  readonly offsetMs: number;
  /** For movers and leavers: which base user (0-based) it acts on. */
  readonly baseUser?: number;
}

/** The whole plan: its changes and how many base users they need. */
export interface ChangePlan {
  readonly changes: readonly PlannedChange[];
  readonly baseUsers: number;
}

/**
 * Plans `count` changes at `ratePerSecond`, cycling joiner → mover → leaver.
 *
 * @throws RangeError for a count below 1 or a rate that is not positive.
 */
export function planChanges(count: number, ratePerSecond: number): ChangePlan {
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`count must be ≥ 1, got ${count}`);
  if (!(ratePerSecond > 0)) throw new RangeError(`rate must be positive, got ${ratePerSecond}`);
  let baseUsers = 0;
  const changes = Array.from({ length: count }, (_, index): PlannedChange => {
    const kind = changeKinds[index % changeKinds.length] ?? 'joiner';
    const offsetMs = Math.round((index * 1000) / ratePerSecond);
    if (kind === 'joiner') return { index, kind, offsetMs };
    return { index, kind, offsetMs, baseUser: baseUsers++ };
  });
  return { changes, baseUsers };
}
