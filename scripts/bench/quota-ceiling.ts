/**
 * The write ceiling Graph's documented quotas put on a run (reference/graph-api.md §6.2), in the shape the
 * simulator enforces them: a token bucket per quota that starts full with one window's worth (a burst) and
 * refills at limit / window. `{ scale }` shrinks the burst and keeps the rate, as the simulator's setting does.
 *
 * Two figures follow from it. The sustained ceiling is 20 writes/s (3,000 per 150 s per app and tenant).
 * The quota-bound minimum is the shortest time in which the buckets let a run's writes and invitations
 * through at all; a run that took exactly that long used 100 % of what the quotas allowed, burst included.
 */

/** One documented write quota. */
export interface WriteQuota {
  readonly name: 'app+tenant writes' | 'tenant writes' | 'invitations';
  readonly limit: number;
  readonly windowMs: number;
  /** Which count of the run the quota draws on. */
  readonly draws: 'writes' | 'invitations';
}

/** The documented quotas that bound the writes of one app in one target tenant. */
export const writeQuotas: readonly WriteQuota[] = [
  { name: 'app+tenant writes', limit: 3_000, windowMs: 150_000, draws: 'writes' },
  { name: 'tenant writes', limit: 18_000, windowMs: 300_000, draws: 'writes' },
  { name: 'invitations', limit: 150, windowMs: 5_000, draws: 'invitations' },
];

/** The sustained app+tenant write ceiling, writes per second. */
export const sustainedWriteCeilingPerSecond = 3_000 / 150;

/** The simulator's throttle setting as far as the ceiling depends on it. */
export type QuotaThrottle = 'real' | { readonly scale: number };

/** The shortest duration the quotas allow, and the quota that sets it (null when all fits in the bursts). */
export interface QuotaBound {
  readonly minimumMs: number;
  readonly binding: WriteQuota['name'] | null;
}

/**
 * The shortest time in which `writes` Graph writes, `invitations` of them invitations, can pass the quotas
 * from full buckets.
 *
 * @throws RangeError for negative counts or a non-positive scale.
 */
export function quotaBound(
  counts: { readonly writes: number; readonly invitations: number },
  throttle: QuotaThrottle,
): QuotaBound {
  if (counts.writes < 0 || counts.invitations < 0) throw new RangeError('counts must not be negative');
  const scale = throttle === 'real' ? 1 : throttle.scale;
  if (!(scale > 0)) throw new RangeError(`scale must be positive, got ${scale}`);
  let bound: QuotaBound = { minimumMs: 0, binding: null };
  for (const quota of writeQuotas) {
    const amount = quota.draws === 'writes' ? counts.writes : counts.invitations;
    const burst = Math.max(1, quota.limit * scale);
    const perMs = quota.limit / quota.windowMs;
    const minimumMs = Math.max(0, (amount - burst) / perMs);
    if (minimumMs > bound.minimumMs) bound = { minimumMs, binding: quota.name };
  }
  return bound;
}
