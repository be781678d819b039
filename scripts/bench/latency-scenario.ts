/**
 * Scenario 1, pipeline latency: one-to-one, throttling off. Base users are synced first; then joiners,
 * movers and leavers are made in the source at a fixed pace, and each one is timed from its source write to
 * the provisioning-log entry that applied it, with the notification tap splitting off Graph's part.
 */
import { anchorAttributeName } from '../../src/core/anchors.js';
import type { LocalCertificate } from '../../src/local/tls/local-certificate.js';
import { adminGraphClient } from './admin-graph-client.js';
import {
  benchSeed,
  benchTopology,
  seedAppClientId,
  seedTenantId,
  sourceKey,
  targetKey,
} from './bench-fixtures.js';
import { startBenchStack } from './bench-stack.js';
import { planChanges, type ChangeKind } from './latency-plan.js';
import {
  appliedAtMs,
  notifiedAtMs,
  summarizeTimings,
  type ChangeTiming,
  type KindLatency,
  type MadeChange,
} from './latency-timings.js';
import { startNotificationTap } from './notification-tap.js';
import { pipelineOutcome, type PipelineOutcome } from './pipeline-outcome.js';
import { makeSourceChange, moverJobTitle } from './source-changes.js';
import { verifyTarget } from './verify-target.js';
import { waitUntil } from './wait-until.js';

/** Options of the latency scenario. */
export interface LatencyOptions {
  readonly certificate: LocalCertificate;
  readonly changes: number;
  readonly ratePerSecond: number;
  readonly timeoutMs: number;
  readonly verbose: boolean;
  readonly log: (line: string) => void;
}

/** The scenario's figures. */
export interface LatencyReport {
  readonly changes: number;
  readonly ratePerSecond: number;
  readonly baseUsers: number;
  readonly latency: Record<ChangeKind | 'all', KindLatency>;
  /** Changes the target never showed within the timeout. */
  readonly unapplied: number;
  /** Changes whose target user, read back through Graph, does not look as the change says. */
  readonly mismatches: readonly string[];
  readonly targetWrites: number;
  readonly outcome: PipelineOutcome;
  readonly problems: Readonly<Record<string, number>>;
}

/** Runs the latency scenario on a fresh stack and stops it again. */
export async function runLatencyScenario(options: LatencyOptions): Promise<LatencyReport> {
  const plan = planChanges(options.changes, options.ratePerSecond);
  const seed = await benchSeed(plan.baseUsers);
  const bench = await startBenchStack({
    certificate: options.certificate,
    seed,
    topology: benchTopology(seed, 'everyone'),
    throttle: 'off',
    verbose: options.verbose,
  });
  try {
    const { stack } = bench;
    const linked = (): string[] =>
      bench.entries
        .filter((e) => e.action === 'create' && e.outcome === 'success')
        .map((e) => e.sourceUserId);
    options.log(`  latency: syncing ${plan.baseUsers} base users first…`);
    if (!(await waitUntil(() => linked().length >= plan.baseUsers, options.timeoutMs))) {
      throw new Error(`Only ${linked().length} of ${plan.baseUsers} base users were synced in time.`);
    }
    await stack.bus.whenIdle();
    const baseUserIds = linked();
    const admin = adminGraphClient(stack.graph, sourceKey);
    // The tap's subscription also signs the admin client in, so no change below waits for a token.
    const tap = await startNotificationTap(admin);
    const mailDomain = `${sourceKey}.com`;
    const writesBefore = stack.graph.stats.snapshot().tenants[targetKey]?.totalWrites ?? 0;
    try {
      options.log(`  latency: ${plan.changes.length} changes at ${options.ratePerSecond}/s…`);
      const startedAt = Date.now();
      const made = await Promise.all(
        plan.changes.map(async (change) => {
          await sleepUntil(startedAt + change.offsetMs);
          return { change, made: await makeSourceChange(admin, change, baseUserIds, mailDomain) };
        }),
      );
      const timingOf = (change: MadeChange): ChangeTiming => ({
        ...change,
        notifiedAtMs: notifiedAtMs(change, tap.receivedAt(change.sourceUserId)),
        appliedAtMs: appliedAtMs(change, bench.entries),
      });
      await waitUntil(
        () => made.every(({ made: change }) => timingOf(change).appliedAtMs !== null),
        options.timeoutMs,
        100,
      );
      const timings = made.map(({ made: change }) => timingOf(change));
      const mismatches = await verifyTarget(
        adminGraphClient(stack.graph, targetKey),
        {
          anchorAttribute: anchorAttributeName(seedAppClientId(seed)),
          sourceTenantId: seedTenantId(seed, sourceKey),
        },
        made.map(({ change, made: m }) => ({
          kind: m.kind,
          sourceUserId: m.sourceUserId,
          ...(m.kind === 'mover' ? { jobTitle: moverJobTitle(change.index) } : {}),
        })),
      );
      return {
        changes: plan.changes.length,
        ratePerSecond: options.ratePerSecond,
        baseUsers: plan.baseUsers,
        latency: summarizeTimings(timings),
        unapplied: timings.filter((timing) => timing.appliedAtMs === null).length,
        mismatches,
        targetWrites: (stack.graph.stats.snapshot().tenants[targetKey]?.totalWrites ?? 0) - writesBefore,
        outcome: await pipelineOutcome(stack, bench.entries),
        problems: Object.fromEntries(bench.problems),
      };
    } finally {
      await tap.close();
    }
  } finally {
    await bench.stop();
  }
}

function sleepUntil(atMs: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, atMs - Date.now())));
}
