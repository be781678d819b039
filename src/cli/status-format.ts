/**
 * `xtsync status` as text: one table row per sync (state, linked users, last drain and reconcile,
 * subscription expiry, backlog, dead letters, errors in the last hour), then one line per sync that needs
 * attention, saying why and what to run. Pure: no I/O.
 */
import type { StatusReportView, SyncStatusView } from './safety-responses.js';
import { plainStyle, type TerminalStyle } from './terminal-style.js';
import { renderTable } from './text-table.js';

const head = [
  'SYNC',
  'STATE',
  'LINKED a/d/x',
  'LAST DRAIN',
  'LAST RECONCILE',
  'SUBSCRIPTION',
  'BACKLOG',
  'DEAD',
  'ERRORS 1H',
];

/** Formats the whole report; `now` makes times relative ("3m ago", "in 2d"). */
export function formatStatus(report: StatusReportView, now: Date, style: TerminalStyle = plainStyle): string {
  if (report.syncs.length === 0) {
    return report.topologyVersion === null
      ? 'No topology has been applied yet: apply one with xtsync topology apply FILE.'
      : `Topology version ${report.topologyVersion} has no syncs.`;
  }
  const rows = report.syncs.map((sync) => [
    sync.syncId,
    stateText(sync, style),
    `${sync.links.active}/${sync.links.disabled}/${sync.links.deleted}`,
    sync.lastDrain === null ? '-' : formatRelative(sync.lastDrain, now),
    sync.lastReconcile === null
      ? '-'
      : `${formatRelative(sync.lastReconcile.at, now)} (${sync.lastReconcile.status})`,
    sync.subscription === null
      ? style.yellow('none')
      : `expires ${formatRelative(sync.subscription.expiresAt, now)}`,
    sync.backlog === null ? '?' : String(sync.backlog),
    deadText(sync, style),
    sync.errorsLastHour === 0 ? '0' : style.red(String(sync.errorsLastHour)),
  ]);
  const notes = report.syncs.flatMap((sync) => attention(sync, now));
  const drainLetters = report.sourceChanges.deadLetters;
  if (drainLetters.parked + drainLetters.broker > 0) {
    notes.push(
      `source-changes: ${drainLetters.parked + drainLetters.broker} dead-lettered drain request(s); ` +
        'replay with: xtsync dead-letters replay --queue source-changes',
    );
  }
  const legend = style.dim('linked a/d/x = active / disabled / deleted target users');
  return [renderTable(head, rows, style), legend, ...(notes.length > 0 ? ['', ...notes] : [])].join('\n');
}

function stateText(sync: SyncStatusView, style: TerminalStyle): string {
  switch (sync.state) {
    case 'healthy':
      return style.green('healthy');
    case 'paused':
      return style.yellow('paused');
    case 'guarded':
      return style.yellow('guarded');
    case 'quarantined':
      return style.red('quarantined');
  }
}

function deadText(sync: SyncStatusView, style: TerminalStyle): string {
  const total = sync.deadLetters.parked + sync.deadLetters.broker;
  return total === 0 ? '0' : style.red(String(total));
}

/** The lines that explain a sync needing attention, with the command that helps. */
function attention(sync: SyncStatusView, now: Date): string[] {
  const lines: string[] = [];
  if (sync.pause) {
    const why = sync.pause.reason === null ? '' : ` ("${sync.pause.reason}")`;
    lines.push(
      `${sync.syncId}: paused ${formatRelative(sync.pause.since, now)} by ${sync.pause.by}${why}; ` +
        `resume with: xtsync syncs resume ${sync.syncId}`,
    );
  }
  if (sync.quarantine) {
    const q = sync.quarantine;
    lines.push(
      `${sync.syncId}: quarantined ${formatRelative(q.since, now)} (${q.failures} of ${q.attempts} attempts ` +
        `failed); next probe ${formatRelative(q.retryAt, now)}, back-off ${formatDuration(q.backoffMs)}; ` +
        `after a fix: xtsync syncs resume ${sync.syncId}`,
    );
  }
  if (sync.guard) {
    lines.push(
      `${sync.syncId}: ${sync.guard.held} removal(s) held by deletion guard ${sync.guard.id} ` +
        `(limit ${sync.guard.limit}); decide with: xtsync guards approve|reject ${sync.guard.id}`,
    );
  }
  const dead = sync.deadLetters.parked + sync.deadLetters.broker;
  if (dead > 0) {
    lines.push(
      `${sync.syncId}: ${dead} dead-lettered change(s); after a fix: xtsync dead-letters replay --sync ${sync.syncId}`,
    );
  }
  return lines;
}

/** `at` relative to `now`: `just now`, `3m ago`, `in 2d 4h`; anything unparseable is shown as given. */
export function formatRelative(at: string, now: Date): string {
  const ms = Date.parse(at);
  if (Number.isNaN(ms)) return at;
  const delta = ms - now.getTime();
  if (Math.abs(delta) < 5_000) return 'just now';
  const text = formatDuration(Math.abs(delta));
  return delta < 0 ? `${text} ago` : `in ${text}`;
}

/** A duration in its two largest units: `45s`, `3m`, `2h 5m`, `4d 2h`. */
export function formatDuration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  const units: readonly (readonly [string, number])[] = [
    ['d', 86_400],
    ['h', 3_600],
    ['m', 60],
    ['s', 1],
  ];
  const index = units.findIndex(([, size]) => seconds >= size);
  const major = units[index];
  if (major === undefined) return '0s';
  const next = units[index + 1];
  const majorCount = Math.floor(seconds / major[1]);
  const minorCount = next === undefined ? 0 : Math.floor((seconds % major[1]) / next[1]);
  return next !== undefined && minorCount > 0
    ? `${majorCount}${major[0]} ${minorCount}${next[0]}`
    : `${majorCount}${major[0]}`;
}
