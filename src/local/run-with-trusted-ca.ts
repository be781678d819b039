/**
 * Runs a TypeScript entry point in a child Node process that trusts a local CA certificate. Node reads
 * NODE_EXTRA_CA_CERTS only when a process starts, so a launcher that learns the certificate at run time
 * (`npm start` makes it, `npm run demo` finds it in stack.json) must start a new process to trust it.
 */
import { spawn } from 'node:child_process';

/** What to run and which certificate the child trusts. */
export interface TrustedChildOptions {
  /** Path of the TypeScript (or JavaScript) entry point; it runs under `--import tsx`. */
  readonly script: string;
  readonly args: readonly string[];
  /** PEM file the child adds to Node's trusted roots. */
  readonly caCertPath: string;
}

const forwardedSignals = ['SIGINT', 'SIGTERM'] as const;

/**
 * Runs `script` with `NODE_EXTRA_CA_CERTS=caCertPath` and the parent's stdio and environment, passing
 * Ctrl-C (SIGINT) and SIGTERM on to it, and resolves with the exit code to forward: the child's code, or 1
 * when it ended by a signal.
 *
 * @throws Error when the child cannot be started at all (the promise rejects).
 */
export function runWithTrustedCa(options: TrustedChildOptions): Promise<number> {
  const child = spawn(process.execPath, ['--import', 'tsx', options.script, ...options.args], {
    stdio: 'inherit',
    env: { ...parentEnvironment(), NODE_EXTRA_CA_CERTS: options.caCertPath },
  });
  const forward = (signal: NodeJS.Signals): void => {
    child.kill(signal);
  };
  for (const signal of forwardedSignals) process.on(signal, forward);
  const stopForwarding = (): void => {
    for (const signal of forwardedSignals) process.off(signal, forward);
  };
  return new Promise((resolve, reject) => {
    child.once('error', (error) => {
      stopForwarding();
      reject(new Error(`Could not start ${options.script}: ${error.message}`, { cause: error }));
    });
    child.once('exit', (code, signal) => {
      stopForwarding();
      resolve(code ?? (signal ? 1 : 0));
    });
  });
}

/** The environment the child inherits (the only place the launchers read it). */
function parentEnvironment(): NodeJS.ProcessEnv {
  // eslint-disable-next-line no-restricted-properties -- a launcher passes its environment on unchanged
  return process.env;
}
