/**
 * The safety rails over in-memory state for use-case tests: one sync `contoso-to-fabrikam` with the given
 * deletion threshold, a clock tests move, a recording queue, and a captured log.
 */
import { defaultQuarantinePolicy, type QuarantinePolicy } from '../../src/app/quarantine-rules.js';
import { createTopologySource, type TopologySource } from '../../src/app/topology-source.js';
import { createInMemoryState } from './fakes/in-memory-state.js';
import { createRecordingSyncQueue } from './fakes/recording-sync-queue.js';
import { createTestClock, createTestLogger } from './test-logger.js';
import { withSyncs } from './topology-text.js';

export const syncId = 'contoso-to-fabrikam';

/** A fixture with the sync's `deletionThreshold` (a count, or a percentage like `'10%'`). */
export async function aSafetyFixture(
  options: { readonly deletionThreshold?: number | string; readonly policy?: Partial<QuarantinePolicy> } = {},
) {
  const clock = createTestClock('2026-01-05T09:00:00.000Z');
  const state = createInMemoryState({ clock });
  const queue = createRecordingSyncQueue();
  const logs = createTestLogger();
  const threshold =
    options.deletionThreshold === undefined
      ? ''
      : `    deletionThreshold: ${typeof options.deletionThreshold === 'string' ? `'${options.deletionThreshold}'` : options.deletionThreshold}\n`;
  await state.topology.saveVersion({
    source: withSyncs(`  - id: ${syncId}\n    from: contoso\n    to: fabrikam\n${threshold}`),
    appliedBy: 'test',
  });
  const topology: TopologySource = createTopologySource(state.topology, clock, 0);
  const policy: QuarantinePolicy = { ...defaultQuarantinePolicy, minAttempts: 5, ...options.policy };
  return { clock, state, queue, logs, logger: logs.logger, topology, policy };
}
