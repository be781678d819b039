/**
 * The port reconciliation adds: leases, so two reconcile runs of one sync (or two upkeeps of one source
 * tenant's subscription) never interleave. A lease is one row per name in the `leases` table, written with
 * ETags and carrying an expiry, so a run that died with its instance stops blocking once the expiry passes.
 */
import type { Stored } from './ports.js';

/** Who holds a named lease and until when. */
export interface LeaseRecord {
  /** `sync:<syncId>` or `tenant:<tenantId>`. */
  readonly name: string;
  /** The holder's id: a job id, or `timer:<invocationId>` for a timer run. */
  readonly holder: string;
  readonly acquiredAt: string;
  /** After this instant the lease is free for anyone, whatever `holder` says. */
  readonly expiresAt: string;
}

/**
 * Lease rows. `save` follows the state rule of every store: `etag: null` creates (and loses the race when
 * the row exists), an ETag replaces only that version; a lost race throws SyncError `STATE.CONFLICT`.
 */
export interface LeaseStore {
  get(name: string): Promise<Stored<LeaseRecord> | null>;
  save(lease: LeaseRecord, etag: string | null): Promise<string>;
}
