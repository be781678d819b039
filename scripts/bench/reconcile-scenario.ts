/**
 * Scenario 3, reconcile of an unchanged tenant: on the stack the initial sync left behind, once it is
 * quiet, one reconcile run (the timer's use case, in the foreground) and everything it sets off (the
 * catch-up drain, any repairs) until the bus is idle again. An unchanged tenant should cost a few pages of
 * reads per tenant and not one write.
 */
import type { ProvisioningLogEntry } from '../../src/app/ports.js';
import { sourceKey, targetKey } from './bench-fixtures.js';
import type { BenchStack } from './bench-stack.js';

/** Graph calls of one tenant during the run. */
export interface TenantCalls {
  readonly reads: number;
  readonly writes: number;
}

/** The scenario's figures. */
export interface ReconcileReport {
  readonly users: number;
  /** The reconcile run itself. */
  readonly durationMs: number;
  /** Until the bus was idle again (the catch-up drain and any repairs included). */
  readonly settledMs: number;
  readonly source: TenantCalls;
  readonly target: TenantCalls;
  readonly jobStatus: string;
  readonly jobError: string | null;
  /** Provisioning-log entries the run caused, by `action/outcome` (an unchanged tenant causes none). */
  readonly entries: Readonly<Record<string, number>>;
  readonly jobResult: Readonly<Record<string, unknown>> | null;
}

/** Runs one reconcile on `bench` (already synced) and counts what it cost. */
export async function measureReconcile(bench: BenchStack, users: number): Promise<ReconcileReport> {
  const { stack } = bench;
  await stack.bus.whenIdle();
  const caused: ProvisioningLogEntry[] = [];
  const stopListening = bench.onEntry((entry) => caused.push(entry));
  stack.graph.stats.reset();
  const startedAt = Date.now();
  try {
    const job = await stack.services.reconcile('npm run bench', bench.logger);
    const durationMs = Date.now() - startedAt;
    await stack.bus.whenIdle();
    const settledMs = Date.now() - startedAt;
    const tenants = stack.graph.stats.snapshot().tenants;
    const calls = (key: string): TenantCalls => ({
      reads: tenants[key]?.requests.GET ?? 0,
      writes: tenants[key]?.totalWrites ?? 0,
    });
    const entries: Record<string, number> = {};
    for (const entry of caused) {
      const key = `${entry.action}/${entry.outcome}`;
      entries[key] = (entries[key] ?? 0) + 1;
    }
    return {
      users,
      durationMs,
      settledMs,
      source: calls(sourceKey),
      target: calls(targetKey),
      jobStatus: job.status,
      jobError: job.error === null ? null : `${job.error.code}: ${job.error.message}`,
      entries,
      jobResult: job.result,
    };
  } finally {
    stopListening();
  }
}
