/**
 * The per-tenant change log behind `/users/delta`: every write appends one entry that becomes visible to
 * delta only at `visibleAt` (write time + replication lag). Entries are addressed by sequence number
 * (their index), so a delta position is just a number.
 */

/** What a change did to the user. */
export type ChangeKind = 'upsert' | 'softDelete' | 'restore' | 'purge';

/** One logged write. */
export interface ChangeEntry {
  readonly userId: string;
  readonly kind: ChangeKind;
  /** The canonical property names the write changed; `all` for creation and restore. */
  readonly changed: readonly string[] | 'all';
  /** When delta may first see this change (simulator clock, ms). */
  readonly visibleAt: number;
}

/** Append-only log of changes with a cursor to the first entry that is not visible yet. */
export class ChangeLog {
  private readonly entries: ChangeEntry[] = [];
  private frontier = 0;

  /** Number of entries ever appended (the next sequence number). */
  get length(): number {
    return this.entries.length;
  }

  /** Appends an entry. */
  append(entry: ChangeEntry): void {
    this.entries.push(entry);
  }

  /** The entry with sequence number `seq`. */
  at(seq: number): ChangeEntry | undefined {
    return this.entries[seq];
  }

  /**
   * The smallest sequence number whose entry is not visible at `now` (every earlier entry is). Time only
   * moves forward, so the cursor only advances: amortised O(1).
   */
  firstInvisible(now: number): number {
    while (
      this.frontier < this.entries.length &&
      (this.entries[this.frontier] as ChangeEntry).visibleAt <= now
    )
      this.frontier += 1;
    return this.frontier;
  }
}
