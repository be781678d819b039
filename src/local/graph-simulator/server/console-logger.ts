/** A minimal structured Logger writing one line per entry to stderr, for the simulator when none is given. */
import type { LogFields, Logger } from '../../../app/ports.js';

type Level = 'debug' | 'info' | 'warn' | 'error';
const order: Record<Level, number> = { debug: 0, info: 1, warn: 2, error: 3 };

/** Logs entries at `minimum` level and above as `level message {fields}` lines. */
export function createConsoleLogger(minimum: Level = 'warn', bound: LogFields = {}): Logger {
  const write =
    (level: Level) =>
    (message: string, fields: LogFields = {}): void => {
      if (order[level] < order[minimum]) return;
      process.stderr.write(`${level} ${message} ${JSON.stringify({ ...bound, ...fields })}\n`);
    };
  return {
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    child: (fields) => createConsoleLogger(minimum, { ...bound, ...fields }),
  };
}
