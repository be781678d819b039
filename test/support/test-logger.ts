import type { LogFields, Logger } from '../../src/app/ports.js';
import { createStructuredLogger, type LogLevel } from '../../src/adapters/logging/structured-logger.js';

/** A log entry captured by {@link createTestLogger}. */
export interface CapturedLog {
  readonly level: LogLevel;
  readonly message: string;
  readonly fields: LogFields;
}

/** A Logger that keeps every entry in memory, so tests can assert security events and leaks. */
export function createTestLogger(): { logger: Logger; entries: CapturedLog[]; text(): string } {
  const entries: CapturedLog[] = [];
  const logger = createStructuredLogger((level, message, fields) => entries.push({ level, message, fields }));
  return {
    logger,
    entries,
    text: () => entries.map((e) => `${e.message} ${JSON.stringify(e.fields)}`).join('\n'),
  };
}

/** A clock tests move by hand. */
export function createTestClock(start = '2026-01-05T09:00:00.000Z'): {
  now(): Date;
  advance(ms: number): void;
  set(iso: string): void;
} {
  let current = Date.parse(start);
  return {
    now: () => new Date(current),
    advance: (ms) => {
      current += ms;
    },
    set: (iso) => {
      current = Date.parse(iso);
    },
  };
}
