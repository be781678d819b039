/**
 * Scenario 2, initial sync throughput: M synthetic users in the source, one target, the simulator's
 * throttling on. The stack starts on a topology that matches nobody (so the source is already read and the
 * bus is quiet), then the real topology is applied and the clock runs until every user is linked.
 */
import type { ThrottleSetting } from '../../src/local/graph-simulator/index.js';
import type { LocalCertificate } from '../../src/local/tls/local-certificate.js';
import { benchSeed, benchTopology, targetKey } from './bench-fixtures.js';
import { startBenchStack } from './bench-stack.js';
import { pipelineOutcome, type PipelineOutcome } from './pipeline-outcome.js';
import { measureReconcile, type ReconcileReport } from './reconcile-scenario.js';
import { quotaBound, sustainedWriteCeilingPerSecond, type QuotaBound } from './quota-ceiling.js';
import { waitUntil } from './wait-until.js';

/** Options of the throughput scenario. */
export interface ThroughputOptions {
  readonly certificate: LocalCertificate;
  readonly users: number;
  readonly throttle: ThrottleSetting;
  readonly timeoutMs: number;
  /** Also reconcile the synced tenant once the sync is quiet (scenario 3). */
  readonly reconcile: boolean;
  readonly verbose: boolean;
  readonly log: (line: string) => void;
}

/** One second of the run: cumulative counts since the topology was applied. */
export interface ThroughputSample {
  readonly atMs: number;
  readonly linked: number;
  readonly writes: number;
  readonly invitations: number;
  readonly throttled: number;
}

/** The scenario's figures. */
export interface ThroughputReport {
  readonly users: number;
  readonly throttle: ThrottleSetting;
  readonly linked: number;
  /** Topology applied → last user linked. */
  readonly durationMs: number;
  readonly usersPerSecond: number;
  readonly writes: Readonly<Record<string, number>>;
  readonly totalWrites: number;
  readonly writesPerSecond: number;
  /** Writes/s over the sustained 20 writes/s app+tenant ceiling. */
  readonly fractionOfSustainedCeiling: number;
  /** The shortest time the documented quotas allow for these writes, from full buckets (null: throttling off). */
  readonly quotaBound: QuotaBound | null;
  /** quotaBound.minimumMs / durationMs: 1 means the run went as fast as the quotas let it. */
  readonly quotaEfficiency: number | null;
  readonly outcome: PipelineOutcome;
  readonly problems: Readonly<Record<string, number>>;
  readonly samples: readonly ThroughputSample[];
}

/** What the initial-sync stack measured: the sync, and the reconcile after it when asked. */
export interface InitialSyncReports {
  readonly throughput: ThroughputReport;
  readonly reconcile?: ReconcileReport;
}

/** Runs the initial-sync scenario (and the reconcile after it) on a fresh stack and stops it again. */
export async function runThroughputScenario(options: ThroughputOptions): Promise<InitialSyncReports> {
  const seed = await benchSeed(options.users);
  const bench = await startBenchStack({
    certificate: options.certificate,
    seed,
    topology: benchTopology(seed, 'nobody'),
    throttle: options.throttle,
    verbose: options.verbose,
  });
  try {
    const { stack } = bench;
    await stack.bus.whenIdle();
    const linkedAt = new Map<string, number>();
    bench.onEntry((entry) => {
      if (entry.outcome !== 'success' || (entry.action !== 'create' && entry.action !== 'adopt')) return;
      if (!linkedAt.has(entry.sourceUserId)) linkedAt.set(entry.sourceUserId, Date.parse(entry.at));
    });
    const firstEntry = bench.entries.length;
    stack.graph.stats.reset();
    const startedAt = Date.now();
    const samples: ThroughputSample[] = [];
    const sample = (): void => {
      const target = stack.graph.stats.snapshot().tenants[targetKey];
      samples.push({
        atMs: Date.now() - startedAt,
        linked: linkedAt.size,
        writes: target?.totalWrites ?? 0,
        invitations: target?.writes.invitation ?? 0,
        throttled: target?.throttled ?? 0,
      });
    };
    const sampler = setInterval(sample, 1_000);
    try {
      options.log(`  throughput: applying the topology for ${options.users} users…`);
      await stack.services.applyTopology(benchTopology(seed, 'everyone'), 'npm run bench', bench.logger);
      await waitUntil(() => linkedAt.size >= options.users, options.timeoutMs, 50);
      sample();
    } finally {
      clearInterval(sampler);
    }
    const lastLinkAt = [...linkedAt.values()].reduce((latest, at) => Math.max(latest, at), startedAt);
    const durationMs = lastLinkAt - startedAt;
    const target = stack.graph.stats.snapshot().tenants[targetKey];
    const writes = target?.writes ?? {};
    const totalWrites = target?.totalWrites ?? 0;
    const bound =
      options.throttle === 'off'
        ? null
        : quotaBound({ writes: totalWrites, invitations: target?.writes.invitation ?? 0 }, options.throttle);
    const seconds = durationMs / 1000;
    const writesPerSecond = seconds > 0 ? totalWrites / seconds : 0;
    // Let work still in flight settle before failures are counted.
    await stack.bus.whenIdle();
    const throughput: ThroughputReport = {
      users: options.users,
      throttle: options.throttle,
      linked: linkedAt.size,
      durationMs,
      usersPerSecond: seconds > 0 ? linkedAt.size / seconds : 0,
      writes,
      totalWrites,
      writesPerSecond,
      fractionOfSustainedCeiling: writesPerSecond / sustainedWriteCeilingPerSecond,
      quotaBound: bound,
      quotaEfficiency:
        bound !== null && bound.minimumMs > 0 && durationMs > 0 ? bound.minimumMs / durationMs : null,
      outcome: await pipelineOutcome(stack, bench.entries.slice(firstEntry)),
      problems: Object.fromEntries(bench.problems),
      samples,
    };
    if (!options.reconcile || linkedAt.size < options.users) return { throughput };
    options.log('  reconcile: one run over the unchanged tenant…');
    return { throughput, reconcile: await measureReconcile(bench, options.users) };
  } finally {
    await bench.stop();
  }
}
