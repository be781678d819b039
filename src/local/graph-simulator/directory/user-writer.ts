/**
 * The single place where a tenant's users change: each write updates the store, appends a change-log
 * entry visible after the replication lag, and emits a change event at once (Graph's notifications are
 * not held back by replication, which is the race xtsync must survive). Also purges deleted items whose
 * 30 days have passed, lazily, on the next access.
 */
import type { DirectoryChangeEvent, DirectoryKnobs, SimulatorClock } from './contract.js';
import type { ChangeLog, ChangeKind } from './change-log.js';
import { stringValue, toGraphDateTime, UserRecord, type UserValues } from './user-record.js';
import type { UserStore } from './user-store.js';

/** How long a deleted user stays restorable. */
export const deletedItemRetentionMs = 30 * 24 * 60 * 60 * 1000;

/** What a writer needs from its tenant and from the simulator. */
export interface UserWriterOptions {
  readonly tenantId: string;
  readonly store: UserStore;
  readonly log: ChangeLog;
  readonly clock: SimulatorClock;
  readonly knobs: DirectoryKnobs;
  readonly emit: (event: DirectoryChangeEvent) => void;
}

/** Applies writes to one tenant's users, keeping store, change log and change events in step. */
export class UserWriter {
  private purgeCursor = 0;

  constructor(private readonly options: UserWriterOptions) {}

  /** The simulator time as an ISO string, as Graph writes date-times. */
  nowIso(): string {
    return toGraphDateTime(this.options.clock.now());
  }

  /**
   * Adds a user.
   * @param visibleNow - seeded users are visible to delta at once, whatever the replication lag.
   */
  add(values: UserValues & { id: string }, visibleNow = false): UserRecord {
    const now = this.options.clock.now();
    const visibleAt = visibleNow ? Number.NEGATIVE_INFINITY : now + this.lag();
    const record = new UserRecord(values, visibleAt);
    this.options.store.addActive(record);
    this.record(record.id, 'upsert', 'all', now, 'updated', visibleAt);
    return record;
  }

  /** Stores new values for an active user; does nothing when `changed` is empty. */
  update(record: UserRecord, values: UserValues, changed: readonly string[]): void {
    if (changed.length === 0) return;
    this.options.store.replaceValues(record, values);
    this.record(record.id, 'upsert', changed, this.options.clock.now(), 'updated');
  }

  /** Moves an active user to deleted items. */
  softDelete(record: UserRecord): void {
    this.options.store.moveToDeleted(record);
    record.values = { ...record.values, deletedDateTime: this.nowIso() };
    this.record(record.id, 'softDelete', ['deletedDateTime'], this.options.clock.now(), 'updated');
  }

  /** Restores a deleted item as an active user. */
  restore(record: UserRecord): void {
    const { deletedDateTime: _deletedDateTime, ...values } = record.values;
    record.values = values;
    this.options.store.moveToActive(record);
    this.record(record.id, 'restore', 'all', this.options.clock.now(), 'updated');
  }

  /** Deletes a deleted item permanently. */
  purge(record: UserRecord, at = this.options.clock.now()): void {
    this.options.store.purge(record);
    this.record(record.id, 'purge', 'all', at, 'deleted');
  }

  /**
   * Purges deleted items older than 30 days. Deleted items are appended in deletion order, so the
   * expired ones are at the front: amortised O(1) per call.
   */
  purgeExpired(): void {
    const { store, clock } = this.options;
    const now = clock.now();
    for (;;) {
      if (this.purgeCursor >= store.deleted.end) return;
      const record = store.deleted.at(this.purgeCursor);
      if (record !== undefined) {
        const deletedAt = Date.parse(stringValue(record.values, 'deletedDateTime'));
        if (deletedAt + deletedItemRetentionMs > now) return;
        this.purge(record, deletedAt + deletedItemRetentionMs);
      }
      this.purgeCursor += 1;
    }
  }

  private lag(): number {
    return Math.max(0, this.options.knobs.replicationLagMs);
  }

  private record(
    userId: string,
    kind: ChangeKind,
    changed: readonly string[] | 'all',
    at: number,
    changeType: DirectoryChangeEvent['changeType'],
    visibleAt = at + this.lag(),
  ): void {
    this.options.log.append({ userId, kind, changed, visibleAt });
    this.options.emit({ tenantId: this.options.tenantId, userId, changeType, at });
  }
}
