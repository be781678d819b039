/**
 * What went wrong during a scenario, counted from the product's own records: failed apply attempts (each
 * one is a provisioning-log entry with its error code, then a retry), dead letters in the state table and
 * in the bus's dead-letter queues, and the simulator's 429s per tenant.
 */
import type { ProvisioningLogEntry } from '../../src/app/ports.js';
import { createTableStateStore } from '../../src/adapters/tables/create-table-state-store.js';
import { createTableClients } from '../../src/adapters/tables/table-clients.js';
import { subscriptionPath } from '../../src/local/in-process-bus/bus-entities.js';
import type { LocalStack } from '../../src/local/stack/start-local-stack.js';
import { benchSyncId, sourceKey, targetKey } from './bench-fixtures.js';

/** Failure counters of one scenario. */
export interface PipelineOutcome {
  /** Failed apply attempts by error code; each was retried later (or dead-lettered). */
  readonly failedAttempts: Readonly<Record<string, number>>;
  /** The most failed attempts of any one user: the margin left before the retry limit dead-letters it. */
  readonly mostFailedAttemptsOfOneUser: number;
  /** How many users failed how many times (`{ "1": 40, "2": 7 }`). */
  readonly usersByFailedAttempts: Readonly<Record<string, number>>;
  readonly deadLetters: number;
  readonly throttled: { readonly source: number; readonly target: number };
}

// The local stack's entity names (config.ts defaults) and the target's subscription (functions/).
const sourceQueue = 'source-changes';
const targetTopic = 'target-changes';

/** Counts failures of `entries` and the dead letters and 429s of the stack so far. */
export async function pipelineOutcome(
  stack: LocalStack,
  entries: readonly ProvisioningLogEntry[],
): Promise<PipelineOutcome> {
  const failedAttempts: Record<string, number> = {};
  const failuresByUser = new Map<string, number>();
  for (const entry of entries) {
    if (entry.outcome !== 'failure') continue;
    const code = entry.errorCode ?? 'UNKNOWN';
    failedAttempts[code] = (failedAttempts[code] ?? 0) + 1;
    failuresByUser.set(entry.sourceUserId, (failuresByUser.get(entry.sourceUserId) ?? 0) + 1);
  }
  const state = createTableStateStore(
    createTableClients(
      { connectionString: stack.storageConnectionString },
      { tablePrefix: stack.tablePrefix },
    ),
  );
  const stored =
    (await state.deadLetters.list(benchSyncId)).length + (await state.deadLetters.list(sourceQueue)).length;
  const onBus =
    stack.bus.peek(`${sourceQueue}/$DeadLetterQueue`).length +
    stack.bus.peek(`${subscriptionPath(targetTopic, `target-${targetKey}`)}/$DeadLetterQueue`).length;
  const tenants = stack.graph.stats.snapshot().tenants;
  return {
    failedAttempts,
    mostFailedAttemptsOfOneUser: Math.max(0, ...failuresByUser.values()),
    usersByFailedAttempts: histogram(failuresByUser.values()),
    deadLetters: stored + onBus,
    throttled: { source: tenants[sourceKey]?.throttled ?? 0, target: tenants[targetKey]?.throttled ?? 0 },
  };
}

function histogram(values: Iterable<number>): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const value of values) counts[String(value)] = (counts[String(value)] ?? 0) + 1;
  return counts;
}
