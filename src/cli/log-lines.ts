/**
 * One line per provisioning log entry, the way operators scan logs: time (UTC), sync, action, outcome,
 * source user → target user, changed attributes and the error code. Fixed column widths keep lines aligned
 * while `logs --follow` streams them. Pure: no I/O.
 */
import type { ProvisioningLogEntry } from '../app/ports.js';
import { plainStyle, type TerminalStyle } from './terminal-style.js';

/** Width of the sync column: most ids fit, longer ones push the line rather than being cut. */
const syncWidth = 24;

/** Formats `entry` as one line; `-` marks a missing target user, changes or error code. */
export function formatLogLine(entry: ProvisioningLogEntry, style: TerminalStyle = plainStyle): string {
  const outcome =
    entry.outcome === 'success'
      ? style.green(entry.outcome)
      : entry.outcome === 'failure'
        ? style.red(entry.outcome)
        : style.dim(entry.outcome);
  const changes = entry.changedAttributes.length > 0 ? entry.changedAttributes.join(',') : '-';
  return [
    style.dim(formatLogTime(entry.at)),
    entry.syncId.padEnd(syncWidth),
    entry.action.padEnd(7),
    // Outcomes are all seven letters, so the colour codes never disturb the alignment.
    outcome,
    `${entry.sourceUserId} → ${entry.targetUserId ?? '-'}`,
    changes,
    entry.errorCode === null ? '-' : style.red(entry.errorCode),
  ].join('  ');
}

/** `2025-03-10T12:00:03.123Z` → `2025-03-10 12:00:03Z`; anything unparseable is shown as given. */
export function formatLogTime(at: string): string {
  const ms = Date.parse(at);
  if (Number.isNaN(ms)) return at;
  return `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')}Z`;
}

/** Entries oldest first (the API answers newest first); ties keep a stable order by id. */
export function oldestFirst(entries: readonly ProvisioningLogEntry[]): ProvisioningLogEntry[] {
  return [...entries].sort(
    (a, b) => Date.parse(a.at) - Date.parse(b.at) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
}
