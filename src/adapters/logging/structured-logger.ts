import type { LogFields, Logger } from '../../app/ports.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** Where log entries go: the Functions invocation context, the console, or a test's array. */
export type LogSink = (level: LogLevel, message: string, fields: LogFields) => void;

/**
 * A {@link Logger} that merges bound fields into every entry and hands it to `sink`. Fields are ids and
 * counts by construction; nothing here formats secrets.
 */
export function createStructuredLogger(sink: LogSink, bound: LogFields = {}): Logger {
  const emit =
    (level: LogLevel) =>
    (message: string, fields: LogFields = {}) => {
      sink(level, message, { ...bound, ...fields });
    };
  return {
    debug: emit('debug'),
    info: emit('info'),
    warn: emit('warn'),
    error: emit('error'),
    child: (fields) => createStructuredLogger(sink, { ...bound, ...fields }),
  };
}

/** Renders fields as ` key=value` pairs for one-line console output (undefined fields are skipped). */
export function formatLogFields(fields: LogFields): string {
  return Object.entries(fields)
    .filter(([, value]) => value !== undefined)
    .map(
      ([key, value]) =>
        ` ${key}=${typeof value === 'string' && /\s/.test(value) ? JSON.stringify(value) : String(value)}`,
    )
    .join('');
}
