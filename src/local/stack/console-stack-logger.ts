/**
 * What `npm start` prints: one line per provisioning action as it happens, warnings and errors always, and
 * everything else with `--verbose`. Fields are ids and counts; nothing secret reaches a log line.
 */
import type { Logger, ProvisioningLogEntry } from '../../app/ports.js';
import { createStructuredLogger, formatLogFields } from '../../adapters/logging/structured-logger.js';

const time = (date: Date): string => date.toISOString().slice(11, 23);

/** A console logger: warn/error always, info/debug only when verbose. */
export function createConsoleStackLogger(verbose: boolean): Logger {
  return createStructuredLogger((level, message, fields) => {
    if (!verbose && (level === 'info' || level === 'debug')) return;
    const line = `${time(new Date())} ${level.padEnd(5)} ${message}${formatLogFields(fields)}`;
    if (level === 'error' || level === 'warn') console.error(line);
    else console.log(line);
  });
}

/** One line for a provisioning-log entry, e.g. `09:12:01.123 contoso-to-fabrikam  create  success  …`. */
export function formatProvisioningLine(entry: ProvisioningLogEntry): string {
  // A create or adopt writes every mapped attribute: a count says enough; an update names what changed.
  const many = entry.action === 'create' || entry.action === 'adopt';
  const changed =
    entry.changedAttributes.length === 0
      ? ''
      : many
        ? ` (${entry.changedAttributes.length} attributes)`
        : ` [${entry.changedAttributes.join(', ')}]`;
  const error = entry.errorCode ? ` error=${entry.errorCode}` : '';
  return (
    `${time(new Date(entry.at))} ${entry.syncId.padEnd(24)} ${entry.action.padEnd(7)} ${entry.outcome.padEnd(7)} ` +
    `source ${entry.sourceUserId} → target ${entry.targetUserId ?? '-'} writes=${entry.graphWrites} ` +
    `${entry.durationMs}ms${changed}${error}`
  );
}
