/**
 * The CLI's own failure: a message written for the operator (what is wrong, where, and what to try) and the
 * exit code the process ends with. Product failures stay SyncErrors; this type exists only at the edge, where
 * the CLI turns every failure into one line of advice and a code.
 */

/** Exit codes: 0 success, 1 failure (invalid file, refused request, unreachable API), 2 usage, 130 interrupted. */
export type CliExitCode = 0 | 1 | 2 | 130;

/** A failure to report to the operator as `error: <message>`, then exit with `exitCode`. */
export class CliError extends Error {
  readonly exitCode: CliExitCode;

  constructor(message: string, options: { readonly exitCode?: CliExitCode; readonly cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'CliError';
    this.exitCode = options.exitCode ?? 1;
  }
}
