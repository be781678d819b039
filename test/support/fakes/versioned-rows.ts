import type { Stored } from '../../../src/app/ports.js';
import { SyncError } from '../../../src/core/sync-errors.js';

let lastEtag = 0;

/** A fresh opaque ETag, unique within the test process. */
export function nextEtag(): string {
  lastEtag += 1;
  return `W/"fake-${lastEtag}"`;
}

/**
 * In-memory rows with Table Storage's write rules: `etag: null` creates (and conflicts when the row exists),
 * an ETag replaces only that version; keys are kept in order like Table Storage's (PartitionKey, RowKey).
 * Values are copied in and out, so callers cannot change stored state by mutating what they hold.
 */
export class VersionedRows<T> {
  readonly #rows = new Map<string, { partition: string; row: string; value: T; etag: string }>();

  constructor(readonly table: string) {}

  get(partition: string, row: string): Stored<T> | null {
    const found = this.#rows.get(key(partition, row));
    return found ? { value: structuredClone(found.value), etag: found.etag } : null;
  }

  save(partition: string, row: string, value: T, etag: string | null): string {
    const current = this.#rows.get(key(partition, row));
    if (etag === null ? current !== undefined : current?.etag !== etag) {
      throw new SyncError(
        'STATE.CONFLICT',
        `Table ${this.table}: ${etag === null ? 'create' : 'replace'} (PartitionKey '${partition}', ` +
          `RowKey '${row}') lost a race: the row changed since it was read.`,
        { retryable: true, details: { table: this.table } },
      );
    }
    return this.upsert(partition, row, value);
  }

  upsert(partition: string, row: string, value: T): string {
    const etag = nextEtag();
    this.#rows.set(key(partition, row), { partition, row, value: structuredClone(value), etag });
    return etag;
  }

  delete(partition: string, row: string): void {
    this.#rows.delete(key(partition, row));
  }

  /** Every row, optionally of one partition, in key order. */
  list(partition?: string): Stored<T>[] {
    return [...this.#rows.entries()]
      .filter(([, entry]) => partition === undefined || entry.partition === partition)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, entry]) => ({ value: structuredClone(entry.value), etag: entry.etag }));
  }

  /** One page of a partition; the token is opaque and only valid for this table. */
  page(
    partition: string,
    pageSize: number,
    continuationToken?: string,
  ): { items: Stored<T>[]; continuationToken?: string } {
    const rows = [...this.#rows.entries()]
      .filter(([, entry]) => entry.partition === partition)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const after = continuationToken === undefined ? undefined : this.#decodeToken(continuationToken);
    const start = after === undefined ? 0 : rows.findIndex(([k]) => k > after);
    const slice = start < 0 ? [] : rows.slice(start, start + pageSize);
    const items = slice.map(([, entry]) => ({ value: structuredClone(entry.value), etag: entry.etag }));
    const last = slice.at(-1);
    const more = last !== undefined && rows.some(([k]) => k > last[0]);
    return more
      ? { items, continuationToken: Buffer.from(`${this.table}\n${last[0]}`).toString('base64') }
      : { items };
  }

  #decodeToken(token: string): string {
    const text = Buffer.from(token, 'base64').toString('utf8');
    const separator = text.indexOf('\n');
    if (separator < 0 || text.slice(0, separator) !== this.table) {
      throw new SyncError(
        'STATE.UNAVAILABLE',
        `Table ${this.table}: the continuation token is not one it issued.`,
        {
          details: { table: this.table },
        },
      );
    }
    return text.slice(separator + 1);
  }
}

function key(partition: string, row: string): string {
  return `${partition}\u0000${row}`;
}
