/**
 * The bench process (started by launch.ts with the simulator's certificate trusted): runs the chosen
 * scenarios one after another, each on its own fresh stack, prints their tables and writes every figure to
 * `<out>/<timestamp>.json`. Exits 1 when a scenario could not run.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { readLocalCertificate } from '../../src/local/tls/local-certificate.js';
import { parseBenchOptions, type BenchOptions } from './bench-options.js';
import { formatLatency, formatProblems, formatReconcile, formatThroughput } from './format-report.js';
import { runLatencyScenario, type LatencyReport } from './latency-scenario.js';
import type { ReconcileReport } from './reconcile-scenario.js';
import { runThroughputScenario, type ThroughputReport } from './throughput-scenario.js';

const [certPath, keyPath, ...args] = process.argv.slice(2);

/** Everything one run measured, as written to the JSON report. */
interface BenchReport {
  readonly startedAt: string;
  readonly machine: { readonly node: string; readonly cpus: number; readonly platform: string };
  readonly options: Omit<BenchOptions, 'verbose'>;
  readonly latency?: LatencyReport;
  readonly throughput?: ThroughputReport;
  readonly reconcile?: ReconcileReport;
  readonly skipped: Readonly<Record<string, string>>;
  readonly errors: Readonly<Record<string, string>>;
}

async function main(): Promise<void> {
  if (certPath === undefined || keyPath === undefined) {
    throw new Error('run-bench.ts expects the certificate and key paths first; start it with npm run bench.');
  }
  const options = parseBenchOptions(args);
  const certificate = await readLocalCertificate(certPath, keyPath);
  const log = (line: string): void => {
    console.log(line);
  };
  const { verbose: _verbose, ...recorded } = options;
  const report: { -readonly [K in keyof BenchReport]: BenchReport[K] } = {
    startedAt: new Date().toISOString(),
    machine: { node: process.version, cpus: os.cpus().length, platform: `${os.platform()} ${os.arch()}` },
    options: recorded,
    skipped: {},
    errors: {},
  };
  const errors: Record<string, string> = {};
  const skipped: Record<string, string> = {};
  console.log(`xtsync bench: ${options.scenarios.join(', ')}`);

  const run = async (name: string, scenario: () => Promise<void>): Promise<void> => {
    try {
      await scenario();
    } catch (error) {
      errors[name] = error instanceof Error ? error.message : String(error);
      console.error(`${name} could not run: ${errors[name]}`);
    }
    log('');
  };

  if (options.scenarios.includes('latency')) {
    await run('latency', async () => {
      const latency = await runLatencyScenario({
        certificate,
        changes: options.changes,
        ratePerSecond: options.ratePerSecond,
        timeoutMs: options.latencyTimeoutMs,
        verbose: options.verbose,
        log,
      });
      report.latency = latency;
      for (const line of [...formatLatency(latency), ...formatProblems(latency.problems)]) log(line);
    });
  }
  // The reconcile scenario runs on the stack the initial sync leaves behind, so it needs that sync first.
  const reconcile = options.scenarios.includes('reconcile');
  if (options.scenarios.includes('throughput') || reconcile) {
    await run(reconcile ? 'throughput and reconcile' : 'throughput', async () => {
      const reports = await runThroughputScenario({
        certificate,
        users: options.users,
        throttle: options.throttle,
        timeoutMs: options.syncTimeoutMs,
        reconcile,
        verbose: options.verbose,
        log,
      });
      report.throughput = reports.throughput;
      for (const line of [
        ...formatThroughput(reports.throughput),
        ...formatProblems(reports.throughput.problems),
      ])
        log(line);
      if (reports.reconcile !== undefined) {
        report.reconcile = reports.reconcile;
        log('');
        for (const line of formatReconcile(reports.reconcile)) log(line);
      } else if (reconcile) {
        skipped.reconcile = 'the initial sync did not link every user';
        log(`Reconcile — skipped: ${skipped.reconcile}`);
      }
    });
  }

  report.skipped = skipped;
  report.errors = errors;
  await mkdir(options.outDir, { recursive: true });
  const file = path.join(options.outDir, `${report.startedAt.replace(/[:.]/g, '-')}.json`);
  await writeFile(file, `${JSON.stringify(report, null, 2)}\n`);
  log(`Figures written to ${file}`);
  process.exitCode = Object.keys(errors).length > 0 ? 1 : 0;
}

main().catch((error: unknown) => {
  console.error(`The bench could not run: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
