/**
 * The flags of `npm run bench`: which scenarios run and how big they are. Every size and wait is bounded,
 * so a run always stops by itself.
 */
import { Command, InvalidArgumentError } from 'commander';
import { z } from 'zod';
import type { ThrottleSetting } from '../../src/local/graph-simulator/index.js';

/** A scenario of the bench. */
export type ScenarioName = 'latency' | 'throughput' | 'reconcile';

const scenarioNames: readonly ScenarioName[] = ['latency', 'throughput', 'reconcile'];

/** Everything a bench run is told. */
export interface BenchOptions {
  readonly scenarios: readonly ScenarioName[];
  /** Latency: changes made in the source (joiners, movers, leavers in turn) and how many per second. */
  readonly changes: number;
  readonly ratePerSecond: number;
  /** Latency: how long to wait, after the last change, for the target to show every change. */
  readonly latencyTimeoutMs: number;
  /** Throughput: synthetic in-scope users in the source. */
  readonly users: number;
  /** Throughput: the simulator's throttling; `off` measures the pipeline's own capacity. */
  readonly throttle: ThrottleSetting;
  /** Throughput: how long the initial sync may take before the run gives up. */
  readonly syncTimeoutMs: number;
  /** Where the JSON report goes. */
  readonly outDir: string;
  readonly verbose: boolean;
}

const optionsSchema = z.strictObject({
  scenarios: z.array(z.enum(['latency', 'throughput', 'reconcile'])).min(1),
  changes: z.number().int().min(3).max(5_000),
  ratePerSecond: z.number().min(0.1).max(100),
  latencyTimeoutMs: z
    .number()
    .int()
    .min(1_000)
    .max(30 * 60_000),
  users: z.number().int().min(1).max(20_000),
  throttle: z.union([
    z.literal('real'),
    z.literal('off'),
    z.strictObject({ scale: z.number().min(0.0001).max(1) }),
  ]),
  syncTimeoutMs: z
    .number()
    .int()
    .min(1_000)
    .max(60 * 60_000),
  outDir: z.string().min(1),
  verbose: z.boolean(),
});

const number = (value: string): number => {
  const parsed = Number(value);
  if (!Number.isFinite(parsed)) throw new InvalidArgumentError('expected a number');
  return parsed;
};

const throttleSetting = (value: string): ThrottleSetting => {
  if (value === 'real' || value === 'off') return value;
  const scale = /^scale=(\d*\.?\d+)$/.exec(value)?.[1];
  if (scale === undefined) throw new InvalidArgumentError('expected real, off or scale=<0..1>');
  return { scale: Number(scale) };
};

const scenarioList = (value: string): ScenarioName[] => {
  const names = value.split(',').map((name) => name.trim());
  const unknown = names.filter((name) => !(scenarioNames as readonly string[]).includes(name));
  if (unknown.length > 0) {
    throw new InvalidArgumentError(`unknown scenario ${unknown.join(', ')} (use ${scenarioNames.join(',')})`);
  }
  return names as ScenarioName[];
};

/**
 * Parses the command line (without the node and script arguments).
 *
 * @throws Error naming the flag and the allowed range when a value is out of bounds; commander itself
 *   prints usage errors and `--help`, then exits.
 */
export function parseBenchOptions(argv: readonly string[]): BenchOptions {
  const raw = new Command('npm run bench')
    .description(
      "Measure xtsync's speed targets on the Graph simulator: change-to-target latency, initial sync " +
        'throughput against the write ceiling, and reconcile cost.',
    )
    .option('--scenarios <list>', `comma-separated: ${scenarioNames.join(',')}`, scenarioList, [
      ...scenarioNames,
    ])
    .option('--changes <n>', 'latency: source changes to make (3–5000)', number, 200)
    .option('--rate <per-second>', 'latency: changes per second (0.1–100)', number, 10)
    .option('--latency-timeout <seconds>', 'latency: wait after the last change (1–1800)', number, 120)
    .option('--users <m>', 'throughput: synthetic in-scope source users (1–20000)', number, 600)
    .option(
      '--throttle <mode>',
      'throughput: simulator throttling, real, off or scale=<0..1>',
      throttleSetting,
      'real',
    )
    .option('--sync-timeout <seconds>', 'throughput: longest initial sync (1–3600)', number, 900)
    .option('--out <dir>', 'where the JSON report is written', '.local/bench')
    .option('--verbose', 'print every warning and error of the stack', false)
    .parse([...argv], { from: 'user' })
    .opts<{
      scenarios: ScenarioName[];
      changes: number;
      rate: number;
      latencyTimeout: number;
      users: number;
      throttle: ThrottleSetting;
      syncTimeout: number;
      out: string;
      verbose: boolean;
    }>();
  const parsed = optionsSchema.safeParse({
    scenarios: [...new Set(raw.scenarios)],
    changes: raw.changes,
    ratePerSecond: raw.rate,
    latencyTimeoutMs: Math.round(raw.latencyTimeout * 1000),
    users: raw.users,
    throttle: raw.throttle,
    syncTimeoutMs: Math.round(raw.syncTimeout * 1000),
    outDir: raw.out,
    verbose: raw.verbose,
  });
  if (!parsed.success) throw new Error(`Invalid bench options: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}
