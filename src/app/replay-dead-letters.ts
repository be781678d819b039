/**
 * After a fix, an operator replays the messages xtsync gave up on: the dead letters it parked (republished
 * through the queue with a fresh attempt count, then removed) and those in the broker's dead-letter queue
 * (resubmitted to their entity). One sync's target changes, or the drain queue's requests.
 */
import { randomBytes } from 'node:crypto';
import { drainRequestSchema, targetChangeSchema, type DrainRequest, type TargetChange } from './messages.js';
import type { DeadLetter, DeadLetterStore, Logger, SyncQueue } from './ports.js';
import type { BusInspector } from './safety-ports.js';
import type { TopologySource } from './topology-source.js';

/** What to replay: one sync's target changes, or the drain requests of the `source-changes` queue. */
export type ReplayTarget = { readonly syncId: string } | { readonly queue: 'source-changes' };

/** How many letters were replayed, or an unknown sync. */
export type ReplayResult =
  | {
      readonly kind: 'replayed';
      /** Parked letters republished, and those left in place because they are not a valid message. */
      readonly parked: { readonly replayed: number; readonly unreadable: number };
      /** Messages resubmitted from the broker's dead-letter queue. */
      readonly broker: number;
    }
  | { readonly kind: 'unknown-sync' };

/** What a replay needs. */
export interface ReplayDeps {
  readonly deadLetters: DeadLetterStore;
  readonly queue: SyncQueue;
  readonly bus: BusInspector;
  readonly topology: TopologySource;
  readonly logger: Logger;
}

const publishChunk = 100;

/** Replays the dead letters of `target`. */
export async function replayDeadLetters(target: ReplayTarget, deps: ReplayDeps): Promise<ReplayResult> {
  const replayId = `d${randomBytes(8).toString('hex')}`;
  if ('queue' in target) {
    const { valid, unreadable } = readLetters(await deps.deadLetters.list(target.queue), (body) => {
      const parsed = drainRequestSchema.safeParse(body);
      return parsed.success ? toDrainReplay(parsed.data, replayId) : null;
    });
    await publishInChunks(valid, (requests) => deps.queue.enqueueDrains(requests));
    await removeAll(deps.deadLetters, target.queue, valid);
    const broker = await deps.bus.resubmitDeadLetters({ kind: 'source-changes' });
    return logged(deps, target.queue, {
      kind: 'replayed',
      parked: { replayed: valid.length, unreadable },
      broker,
    });
  }

  const sync = (await deps.topology.current())?.topology.syncs.find((s) => s.id === target.syncId);
  if (!sync) return { kind: 'unknown-sync' };
  const { valid, unreadable } = readLetters(await deps.deadLetters.list(sync.id), (body) => {
    const parsed = targetChangeSchema.safeParse(body);
    return parsed.success && parsed.data.syncId === sync.id
      ? ({ ...parsed.data, attempt: 0, replayId } satisfies TargetChange)
      : null;
  });
  await publishInChunks(valid, (changes) => deps.queue.publishTargetChanges(changes));
  await removeAll(deps.deadLetters, sync.id, valid);
  const broker = await deps.bus.resubmitDeadLetters({
    kind: 'target',
    targetTenantId: sync.toTenantId,
    syncId: sync.id,
  });
  return logged(deps, sync.id, { kind: 'replayed', parked: { replayed: valid.length, unreadable }, broker });
}

interface Replayable<T> {
  readonly letter: DeadLetter;
  readonly message: T;
}

function readLetters<T>(
  letters: readonly DeadLetter[],
  parse: (body: unknown) => T | null,
): { valid: Replayable<T>[]; unreadable: number } {
  const valid: Replayable<T>[] = [];
  for (const letter of letters) {
    const message = parse(letter.body);
    if (message !== null) valid.push({ letter, message });
  }
  return { valid, unreadable: letters.length - valid.length };
}

/**
 * A drain replayed with a fresh attempt count. It drops its dedupe key and gets a new correlation id (which
 * keeps the old one as a prefix), because the original message id may still be in the duplicate-detection
 * window and the broker would drop the replay.
 */
function toDrainReplay(request: DrainRequest, replayId: string): DrainRequest {
  const { dedupeKey: _dedupeKey, ...rest } = request;
  return { ...rest, attempt: 0, correlationId: `${request.correlationId.slice(0, 100)}:replay-${replayId}` };
}

async function publishInChunks<T>(
  items: readonly Replayable<T>[],
  publish: (messages: T[]) => Promise<void>,
): Promise<void> {
  for (let start = 0; start < items.length; start += publishChunk) {
    await publish(items.slice(start, start + publishChunk).map((item) => item.message));
  }
}

/** Removed only once republished: a crash in between replays a letter twice, never loses it. */
async function removeAll<T>(
  store: DeadLetterStore,
  scope: string,
  items: readonly Replayable<T>[],
): Promise<void> {
  for (const { letter } of items) await store.remove(scope, letter.id);
}

function logged(deps: ReplayDeps, scope: string, result: ReplayResult): ReplayResult {
  if (result.kind === 'replayed') {
    deps.logger.info('Dead letters replayed', {
      scope,
      parked: result.parked.replayed,
      unreadable: result.parked.unreadable,
      broker: result.broker,
    });
  }
  return result;
}
