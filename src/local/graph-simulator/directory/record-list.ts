/**
 * An append-only list of user records with holes: a record keeps its position for its whole stay, removal
 * leaves a hole, and new records go to the end. Paging by position is therefore O(page size) and never
 * skips or repeats a record, even while users are added or removed between pages.
 */
import type { UserRecord } from './user-record.js';

/** Records in insertion order, addressable by a stable position. */
export class RecordList {
  private readonly slots: (UserRecord | undefined)[] = [];
  private live = 0;

  /** Number of records currently in the list. */
  get size(): number {
    return this.live;
  }

  /** One past the last position ever used; a page that reaches it is the last. */
  get end(): number {
    return this.slots.length;
  }

  /** Appends a record and sets its `slot`. */
  append(record: UserRecord): void {
    record.slot = this.slots.length;
    this.slots.push(record);
    this.live += 1;
  }

  /** Removes a record, leaving a hole at its position. */
  remove(record: UserRecord): void {
    if (this.slots[record.slot] !== record) return;
    this.slots[record.slot] = undefined;
    this.live -= 1;
  }

  /** The record at a position, or undefined for a hole or a position past the end. */
  at(position: number): UserRecord | undefined {
    return this.slots[position];
  }

  /** Iterates the records from `position` on, in insertion order. */
  *from(position: number): Generator<UserRecord> {
    for (let i = Math.max(0, position); i < this.slots.length; i++) {
      const record = this.slots[i];
      if (record !== undefined) yield record;
    }
  }
}
