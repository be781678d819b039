/**
 * What a CLI run talks to: its output streams, working directory, settings, clock and the signal that
 * Ctrl-C aborts. main.ts builds it from the process; nothing else in src/cli touches `process` directly, so
 * every command can be driven and observed in one place.
 */
import type { CliSettings } from '../config.js';

/** The part of a writable stream the CLI uses (`process.stdout`, `process.stderr`). */
export interface OutputStream {
  write(chunk: string): boolean;
  readonly isTTY?: boolean;
  hasColors?(): boolean;
}

/** The process-facing side of one CLI run. */
export interface CliIo {
  readonly stdout: OutputStream;
  readonly stderr: OutputStream;
  /** Relative paths (topology files, `--out`, `.local/stack.json`) resolve against this directory. */
  readonly cwd: string;
  readonly settings: CliSettings;
  readonly now: () => Date;
  /** Aborted on Ctrl-C: `logs --follow` stops cleanly, any request in flight is cancelled. */
  readonly signal: AbortSignal;
}

/** Writes `text` and a newline to `stream`. */
export function writeLine(stream: OutputStream, text = ''): void {
  stream.write(`${text}\n`);
}

/** True when `stream` is an interactive terminal that shows colours (so pipes and files stay plain). */
export function isColorTerminal(stream: OutputStream): boolean {
  return stream.isTTY === true && (stream.hasColors?.() ?? false);
}
