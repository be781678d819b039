/**
 * Reads the time bounds operators type for `--since` and `--until`: a duration back from now (`90s`, `30m`,
 * `1h`, `2d`, `1w`) or an ISO 8601 date or date-time (`2025-03-01`, `2025-03-01T12:00:00Z`).
 */
import { CliError } from './cli-error.js';

const unitMs = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;

/** Longest duration accepted: far beyond any log retention, short enough to stay a valid date. */
const maxDurationMs = 3650 * unitMs.d;

const isoDate = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/i;

/**
 * Turns `text` into a point in time: a duration counts back from `now`; an ISO date without a time is
 * midnight UTC, a date-time without an offset is UTC too (logs are stored in UTC).
 *
 * @param option - The option being read, for the message (`--since`).
 * @throws CliError (usage, exit 2) for anything else, with examples of what is accepted.
 */
export function parseTimeBound(text: string, now: Date, option: string): Date {
  const value = text.trim();
  const duration = /^(\d{1,9})([smhdw])$/i.exec(value);
  if (duration) {
    const unit = (duration[2] ?? 's').toLowerCase() as keyof typeof unitMs;
    const ms = Number(duration[1]) * unitMs[unit];
    if (ms > maxDurationMs) throw usage(option, text, 'that is more than 10 years back');
    return new Date(now.getTime() - ms);
  }
  if (isoDate.test(value)) {
    const hasTime = value.length > 10;
    const hasOffset = /(?:Z|[+-]\d{2}:?\d{2})$/i.test(value) && hasTime;
    const normalized = value.replace(' ', 'T');
    const date = new Date(hasTime && !hasOffset ? `${normalized}Z` : normalized);
    if (!Number.isNaN(date.getTime()) && isCalendarDate(value.slice(0, 10))) return date;
    throw usage(option, text, 'that date does not exist');
  }
  throw usage(
    option,
    text,
    'expected a duration such as 30m, 1h, 2d or an ISO date such as 2025-03-01T12:00:00Z',
  );
}

/** True when `yyyy-mm-dd` names a real day (Date quietly turns 2025-02-30 into 2025-03-02). */
function isCalendarDate(text: string): boolean {
  const [year = 0, month = 0, day = 0] = text.split('-').map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function usage(option: string, text: string, why: string): CliError {
  return new CliError(`${option} '${text}': ${why}`, { exitCode: 2 });
}
