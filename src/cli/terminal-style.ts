/**
 * Colours for terminal output, on only when the stream is an interactive terminal: the same words reach a
 * pipe, a file or a CI log without escape codes.
 */
import picocolors from 'picocolors';
import { isColorTerminal, type OutputStream } from './cli-io.js';

/** The few styles the CLI uses; each returns its input unchanged when colours are off. */
export interface TerminalStyle {
  readonly bold: (text: string) => string;
  readonly dim: (text: string) => string;
  readonly red: (text: string) => string;
  readonly green: (text: string) => string;
  readonly yellow: (text: string) => string;
  readonly cyan: (text: string) => string;
}

/** Plain text: every style is the identity. */
export const plainStyle: TerminalStyle = styleWith(false);

/** The style for output written to `stream`: colours only when it is a colour terminal. */
export function styleFor(stream: OutputStream): TerminalStyle {
  return styleWith(isColorTerminal(stream));
}

function styleWith(enabled: boolean): TerminalStyle {
  const colors = picocolors.createColors(enabled);
  return {
    bold: colors.bold,
    dim: colors.dim,
    red: colors.red,
    green: colors.green,
    yellow: colors.yellow,
    cyan: colors.cyan,
  };
}
