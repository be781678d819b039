/**
 * Remembers how far `logs --follow` has shown the log, so each poll asks only for entries from the last one
 * shown onwards and none is printed twice. The query's `since` is inclusive and several entries can share a
 * timestamp, so the ids already shown at the cursor's instant are kept and skipped on the next poll.
 */
import type { ProvisioningLogEntry } from '../app/ports.js';
import { oldestFirst } from './log-lines.js';

/** The follow position: where the next poll starts and which entries there were already shown. */
export interface LogCursor {
  /** The time the next query starts from (inclusive). */
  readonly since: Date;
  /**
   * Returns the entries of a poll that have not been shown yet, oldest first, and moves the cursor past them.
   */
  take(entries: readonly ProvisioningLogEntry[]): ProvisioningLogEntry[];
}

/** Starts a cursor at `since`, having shown `shown` already. */
export function createLogCursor(since: Date, shown: readonly ProvisioningLogEntry[] = []): LogCursor {
  let cursorMs = since.getTime();
  let idsAtCursor = new Set<string>();
  const advance = (entries: readonly ProvisioningLogEntry[]): void => {
    for (const entry of entries) {
      const at = Date.parse(entry.at);
      if (at > cursorMs) {
        cursorMs = at;
        idsAtCursor = new Set();
      }
      if (at === cursorMs) idsAtCursor.add(entry.id);
    }
  };
  advance(oldestFirst(shown));
  return {
    get since() {
      return new Date(cursorMs);
    },
    take(entries) {
      const fresh = oldestFirst(entries).filter((entry) => {
        const at = Date.parse(entry.at);
        return at > cursorMs || (at === cursorMs && !idsAtCursor.has(entry.id));
      });
      advance(fresh);
      return fresh;
    },
  };
}
