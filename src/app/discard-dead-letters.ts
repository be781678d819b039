/**
 * An operator gives up on dead letters for good: the letters xtsync parked under one scope are deleted
 * without being replayed. The scope may be a sync that is no longer in the topology, whose letters can
 * never be replayed (a replay needs the sync's target) and would otherwise stay forever; the status page
 * and `GET /api/status` stop counting them.
 */
import type { DeadLetterStore, Logger } from './ports.js';
import type { ReplayTarget } from './replay-dead-letters.js';

/** How many parked letters were deleted. */
export interface DiscardResult {
  readonly kind: 'discarded';
  readonly parked: number;
}

/** What discarding needs: no topology, so removed syncs can be cleared too. */
export interface DiscardDeps {
  readonly deadLetters: DeadLetterStore;
  readonly logger: Logger;
}

/**
 * Deletes the letters xtsync parked for `target` (any sync id, or the drain queue's). Letters in the broker's
 * dead-letter queues are left as they are.
 */
export async function discardDeadLetters(target: ReplayTarget, deps: DiscardDeps): Promise<DiscardResult> {
  const scope = 'queue' in target ? target.queue : target.syncId;
  const letters = await deps.deadLetters.list(scope);
  for (const letter of letters) await deps.deadLetters.remove(scope, letter.id);
  deps.logger.info('Dead letters discarded by an operator', { scope, parked: letters.length });
  return { kind: 'discarded', parked: letters.length };
}
