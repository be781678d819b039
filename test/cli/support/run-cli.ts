/**
 * Runs the real CLI as a child process (`node bin/xtsync.js …`), the way operators run it, with a bounded
 * timeout and an environment free of the tester's own XTSYNC_URL / XTSYNC_ADMIN_KEY.
 */
import { type ChildProcess, execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The entry point under test. */
export const binPath = fileURLToPath(new URL('../../../bin/xtsync.js', import.meta.url));

/** The repository root, where `examples/` lives. */
export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

/** How a CLI run ended. */
export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Options for {@link startCli}. */
export interface RunCliOptions {
  readonly cwd?: string;
  /** Added to a clean environment (the CLI's own settings removed). */
  readonly env?: Readonly<Record<string, string>>;
  readonly timeoutMs?: number;
}

/** A started CLI process and the promise of its outcome. */
export interface StartedCli {
  readonly child: ChildProcess;
  readonly done: Promise<CliRun>;
}

/** Starts the CLI with `args`; `done` resolves when it exits (or is killed at the timeout). */
export function startCli(args: readonly string[], options: RunCliOptions = {}): StartedCli {
  const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1', ...options.env };
  if (!options.env?.XTSYNC_URL) delete env.XTSYNC_URL;
  if (!options.env?.XTSYNC_ADMIN_KEY) delete env.XTSYNC_ADMIN_KEY;
  let child: ChildProcess | undefined;
  const done = new Promise<CliRun>((resolve) => {
    child = execFile(
      process.execPath,
      [binPath, ...args],
      { cwd: options.cwd ?? repoRoot, env, timeout: options.timeoutMs ?? 20_000, encoding: 'utf8' },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : null;
        resolve({ code, stdout, stderr });
      },
    );
  });
  if (child === undefined) throw new Error('execFile did not start the CLI');
  return { child, done };
}

/** Runs the CLI with `args` to completion. */
export function runCli(args: readonly string[], options: RunCliOptions = {}): Promise<CliRun> {
  return startCli(args, options).done;
}
