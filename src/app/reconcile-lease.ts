/**
 * Taking, renewing and giving back a named lease (reconcile-ports.ts). A lease is free when no row exists,
 * when it expired, or when the caller already holds it; every write is conditional on the version read, so
 * two callers racing for a free lease cannot both win.
 */
import { isSyncError, SyncError } from '../core/sync-errors.js';
import type { Clock } from './ports.js';
import type { LeaseRecord, LeaseStore } from './reconcile-ports.js';

/**
 * How long a lease lasts unless renewed; a run renews it between steps (and a job's claims with every job
 * heartbeat), so a dead run blocks at most this.
 */
export const defaultLeaseTtlMs = 10 * 60_000;

/** A lease the caller holds. */
export interface HeldLease {
  readonly name: string;
  readonly holder: string;
  /** True once given back: it can no longer be renewed. */
  readonly released: boolean;
  /**
   * Extends the lease by its time to live. Renewals and the release of one lease run one after the other,
   * so several callers (a run's steps, its job's heartbeat) can renew it without racing each other.
   *
   * @throws SyncError `STATE.CONFLICT` when it was lost meanwhile.
   */
  renew(): Promise<void>;
  /** Gives the lease back (best effort: a lease taken over after it expired is left to its new holder). */
  release(): Promise<void>;
}

/** The outcome of asking for a lease: held by the caller now, or by someone else until `expiresAt`. */
export type LeaseAttempt =
  | { readonly kind: 'acquired'; readonly lease: HeldLease }
  | { readonly kind: 'held'; readonly holder: string; readonly expiresAt: string };

/** What {@link acquireLease} needs. */
export interface LeaseOptions {
  readonly store: LeaseStore;
  readonly clock: Clock;
  readonly ttlMs?: number;
}

/**
 * Takes the lease `name` for `holder` when it is free, expired, or already `holder`'s.
 *
 * @throws SyncError when the lease store is unreachable (a lost race is the value `held`, not an error).
 */
export async function acquireLease(
  name: string,
  holder: string,
  { store, clock, ttlMs = defaultLeaseTtlMs }: LeaseOptions,
): Promise<LeaseAttempt> {
  const now = clock.now();
  const stored = await store.get(name);
  if (stored && stored.value.holder !== holder && Date.parse(stored.value.expiresAt) > now.getTime()) {
    return { kind: 'held', holder: stored.value.holder, expiresAt: stored.value.expiresAt };
  }
  const record: LeaseRecord = {
    name,
    holder,
    acquiredAt: stored?.value.holder === holder ? stored.value.acquiredAt : now.toISOString(),
    expiresAt: new Date(now.getTime() + ttlMs).toISOString(),
  };
  try {
    const etag = await store.save(record, stored?.etag ?? null);
    return { kind: 'acquired', lease: heldLease(record, etag, { store, clock, ttlMs }) };
  } catch (error) {
    if (!isSyncError(error, 'STATE.CONFLICT')) throw error;
    // Someone else took it between our read and our write: report them as the holder.
    const winner = await store.get(name);
    return {
      kind: 'held',
      holder: winner?.value.holder ?? 'unknown',
      expiresAt: winner?.value.expiresAt ?? record.expiresAt,
    };
  }
}

function heldLease(
  initial: LeaseRecord,
  initialEtag: string,
  { store, clock, ttlMs }: Required<LeaseOptions>,
): HeldLease {
  let record = initial;
  let etag = initialEtag;
  let released = false;
  // One write at a time: each uses the ETag the previous one left.
  let last: Promise<unknown> = Promise.resolve();
  const inTurn = <T>(work: () => Promise<T>): Promise<T> => {
    const next = last.then(work, work);
    last = next.catch(() => undefined);
    return next;
  };
  return {
    name: record.name,
    holder: record.holder,
    get released() {
      return released;
    },
    renew: () =>
      inTurn(async () => {
        if (released) throw new Error(`The lease ${record.name} was already released.`);
        const next = { ...record, expiresAt: new Date(clock.now().getTime() + ttlMs).toISOString() };
        try {
          etag = await store.save(next, etag);
          record = next;
        } catch (error) {
          if (!isSyncError(error, 'STATE.CONFLICT')) throw error;
          throw new SyncError(
            'STATE.CONFLICT',
            `The lease ${record.name} of ${record.holder} expired and was taken over; stopping so two runs do not interleave.`,
            { retryable: true, cause: error },
          );
        }
      }),
    release: () =>
      inTurn(async () => {
        if (released) return;
        released = true;
        try {
          await store.save({ ...record, expiresAt: clock.now().toISOString() }, etag);
        } catch (error) {
          if (!isSyncError(error, 'STATE.CONFLICT')) throw error;
        }
      }),
  };
}
