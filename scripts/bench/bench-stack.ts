/**
 * The local stack as the bench runs it: in-memory Azurite, the Graph simulator with the bench's seed and
 * throttling, the in-process bus and the dev host on free loopback ports, the product's own retry and drain
 * settings (no test shortcuts), and no timers, so nothing but the scenario drives Graph.
 */
import type { Logger, ProvisioningLogEntry } from '../../src/app/ports.js';
import { createStructuredLogger, formatLogFields } from '../../src/adapters/logging/structured-logger.js';
import type { ThrottleSetting } from '../../src/local/graph-simulator/index.js';
import type { SimulatorSeed } from '../../src/local/graph-simulator/seed.js';
import { startLocalStack, type LocalStack } from '../../src/local/stack/start-local-stack.js';
import type { LocalCertificate } from '../../src/local/tls/local-certificate.js';

/** What a scenario's stack is made of. */
export interface BenchStackOptions {
  readonly certificate: LocalCertificate;
  readonly seed: SimulatorSeed;
  /** Topology YAML applied at start. */
  readonly topology: string;
  readonly throttle: ThrottleSetting;
  /** Print every warning and error line as it happens. */
  readonly verbose: boolean;
}

/** A running bench stack with what the bench reads from it. */
export interface BenchStack {
  readonly stack: LocalStack;
  /** The stack's logger, for use cases the scenario calls itself (applying a topology). */
  readonly logger: Logger;
  /** Every provisioning-log entry stored so far, in order. */
  readonly entries: readonly ProvisioningLogEntry[];
  /** Calls `listener` for every entry stored from now on; returns the function that stops it. */
  onEntry(listener: (entry: ProvisioningLogEntry) => void): () => void;
  /** Warning and error lines of the stack, counted by their message (fields stripped). */
  readonly problems: ReadonlyMap<string, number>;
  /** Stops everything the stack started; idempotent. */
  stop(): Promise<void>;
}

/** Starts a stack for one scenario; the caller must `stop()` it (in a finally). */
export async function startBenchStack(options: BenchStackOptions): Promise<BenchStack> {
  const entries: ProvisioningLogEntry[] = [];
  const listeners = new Set<(entry: ProvisioningLogEntry) => void>();
  const problems = new Map<string, number>();
  const logger = countingLogger(problems, options.verbose);
  const stack = await startLocalStack({
    topology: { source: options.topology, fileName: 'bench-topology.yaml' },
    certificate: options.certificate,
    devHostPort: 0,
    timers: false,
    logger,
    simulator: { port: 0, seed: options.seed, throttle: options.throttle, logger },
    onProvisioningLogEntry: (entry) => {
      entries.push(entry);
      for (const listener of listeners) listener(entry);
    },
  });
  return {
    stack,
    logger,
    entries,
    onEntry: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    problems,
    stop: () => stack.stop(),
  };
}

/**
 * A logger that drops info and debug, and counts warnings and errors by message. Function logs arrive as
 * one formatted line (`message key=value…`), so the message is the text before the first field.
 */
function countingLogger(problems: Map<string, number>, verbose: boolean): Logger {
  return createStructuredLogger((level, message, fields) => {
    if (level === 'info' || level === 'debug') return;
    const key = `${level}: ${message.split(/ [A-Za-z]+=/)[0] ?? message}`;
    problems.set(key, (problems.get(key) ?? 0) + 1);
    if (verbose) console.error(`${level} ${message}${formatLogFields(fields)}`);
  });
}
