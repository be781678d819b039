import { randomUUID } from 'node:crypto';
import type { Logger } from '../../app/ports.js';
import { SyncError } from '../../core/sync-errors.js';
import type { BusEntitiesInput } from './bus-entities.js';
import { toTriggerMetadata, type BusEntityState, type StoredBusMessage } from './bus-entity-state.js';
import type { BusHandler, BusMessage, PeekedBusMessage } from './bus-message.js';
import { acceptOnce, BusTopology, prepareMessages, route } from './bus-topology.js';

/** Options for {@link createInProcessBus}. */
export interface InProcessBusOptions {
  readonly entities: BusEntitiesInput;
  /** Sessions handled in parallel per session entity (host.json `maxConcurrentSessions`, default 8). */
  readonly maxConcurrentSessions?: number;
  /** Messages handled in parallel per entity without sessions (host.json `maxConcurrentCalls`, default 16). */
  readonly maxConcurrentCalls?: number;
  /** Largest message accepted, body and properties together (Standard tier: 256 KB). */
  readonly maxMessageSizeBytes?: number;
  /** Hears about handler failures and dead-lettering (ids and codes only). */
  readonly logger?: Logger;
}

/** The local stack's Service Bus: same entities, sessions, retries and dead-lettering, no network. */
export interface InProcessBus {
  /**
   * Sends messages to a queue or topic (a topic copies each to every subscription whose filter matches).
   * A message id seen within the duplicate-detection window is dropped silently, as Service Bus does.
   *
   * @throws SyncError CONFIG.INVALID (unknown entity), MESSAGE.INVALID (bad fields, or no session id for a
   *   session entity), BUS.MESSAGE_TOO_LARGE, BUS.UNAVAILABLE (bus closed). Nothing is sent on a throw.
   */
  send(entityName: string, messages: readonly BusMessage[]): Promise<void>;
  /**
   * Attaches the one handler of a queue or subscription path; returns a function that detaches it.
   *
   * @throws SyncError CONFIG.INVALID for an unknown path, a dead-letter queue, or a second handler.
   */
  subscribe(entityPath: string, handler: BusHandler): () => void;
  /** The messages in an entity path, or in `<path>/$DeadLetterQueue`, oldest first. */
  peek(entityPath: string): readonly PeekedBusMessage[];
  /**
   * Moves dead letters of a queue or subscription (those `select` picks; all by default) back into it as new
   * messages — fresh delivery count, a new message id — as resubmitting them with the SDK does; returns how many.
   *
   * @throws SyncError CONFIG.INVALID for an unknown path, BUS.UNAVAILABLE when the bus is closed.
   */
  resubmitDeadLetters(entityPath: string, select?: (message: PeekedBusMessage) => boolean): number;
  /** Resolves once nothing is in flight or deliverable and no scheduled message is due within `horizonMs`. */
  whenIdle(options?: { readonly horizonMs?: number }): Promise<void>;
  /** Stops delivery and timers, waits for running handlers, and refuses further sends. */
  close(): Promise<void>;
}

/**
 * Creates an in-process bus with the declared entities. Peek-lock as the Functions host drives it: a
 * handler that resolves completes its message; one that throws abandons it for immediate redelivery with
 * `deliveryCount + 1`, until `maxDeliveryCount` sends it to the dead-letter queue (`MaxDeliveryCountExceeded`).
 * A session's messages go one at a time in order; different sessions run in parallel.
 */
export function createInProcessBus(options: InProcessBusOptions): InProcessBus {
  const topology = new BusTopology(options.entities);
  const maxConcurrentSessions = options.maxConcurrentSessions ?? 8;
  const maxConcurrentCalls = options.maxConcurrentCalls ?? 16;
  const maxMessageSizeBytes = options.maxMessageSizeBytes ?? 256 * 1024;
  const scheduled = new Map<number, { readonly dueAt: number; readonly timer: NodeJS.Timeout }>();
  const running = new Set<Promise<void>>();
  const waiters: { readonly deadline: number; readonly resolve: () => void }[] = [];
  let sequence = 0;
  let pumpPending: NodeJS.Immediate | undefined;
  let closed = false;

  // Deliveries start on a later turn, so a send returns first and a throwing handler never recurses.
  function schedulePump(): void {
    if (pumpPending === undefined && !closed) pumpPending = setImmediate(pump);
  }

  function pump(): void {
    pumpPending = undefined;
    for (const entity of topology.entities) {
      for (const message of entity.deliverable(maxConcurrentSessions, maxConcurrentCalls))
        deliver(entity, message);
    }
    settleWaiters();
  }

  function deliver(entity: BusEntityState, message: StoredBusMessage): void {
    const handler = entity.handler;
    if (handler === undefined) return;
    entity.lock(message);
    let settled = false;
    const finish = (then: 'complete' | 'abandon' | 'dead-letter', reason = '', description = ''): void => {
      if (settled) return;
      settled = true;
      entity.unlock(message, then, reason, description);
      if (message.deadLetterReason !== undefined) {
        const fields = {
          entity: entity.path,
          messageId: message.messageId,
          reason: message.deadLetterReason,
        };
        options.logger?.warn('message dead-lettered', fields);
      }
      schedulePump();
    };
    const settlement = {
      deadLetter: (reason: string, description?: string) => {
        finish('dead-letter', reason, description);
      },
    };
    const run = (async () => {
      try {
        await handler(JSON.parse(message.bodyJson) as unknown, toTriggerMetadata(message), settlement);
        finish('complete');
      } catch (error) {
        options.logger?.warn('message handler failed; abandoning', {
          entity: entity.path,
          messageId: message.messageId,
          deliveryCount: message.deliveryCount,
          code: error instanceof SyncError ? error.code : error instanceof Error ? error.name : 'unknown',
        });
        finish('abandon');
      }
    })();
    running.add(run);
    void run.finally(() => running.delete(run));
  }

  function isIdle(deadline: number): boolean {
    if (pumpPending !== undefined || running.size > 0) return false;
    if (topology.entities.some((entity) => entity.isBusy())) return false;
    return [...scheduled.values()].every((entry) => entry.dueAt > deadline);
  }

  function settleWaiters(): void {
    for (const waiter of [...waiters]) {
      if (!closed && !isIdle(waiter.deadline)) continue;
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve();
    }
  }

  function send(entityName: string, messages: readonly BusMessage[]): void {
    if (closed) throw new SyncError('BUS.UNAVAILABLE', 'The in-process bus is closed', { retryable: true });
    const target = topology.target(entityName);
    const now = Date.now();
    for (const prepared of prepareMessages(target, messages, maxMessageSizeBytes)) {
      if (!acceptOnce(target, prepared.message.messageId, now)) continue;
      const sequenceNumber = ++sequence;
      const dueAt = prepared.message.scheduledEnqueueTimeUtc?.getTime() ?? now;
      if (dueAt <= now) {
        route(prepared, target, sequenceNumber);
        continue;
      }
      const timer = setTimeout(() => {
        scheduled.delete(sequenceNumber);
        route(prepared, target, sequenceNumber);
        schedulePump();
      }, dueAt - now);
      scheduled.set(sequenceNumber, { dueAt, timer });
    }
    schedulePump();
  }

  return {
    send(entityName, messages) {
      try {
        send(entityName, messages);
        return Promise.resolve();
      } catch (error) {
        return Promise.reject(error instanceof Error ? error : new Error(String(error)));
      }
    },
    subscribe(entityPath, handler) {
      const { entity, deadLetter } = topology.entityAt(entityPath);
      if (deadLetter) {
        throw new SyncError(
          'CONFIG.INVALID',
          `Handlers cannot be attached to a dead-letter queue (${entityPath})`,
        );
      }
      if (entity.handler !== undefined) {
        throw new SyncError(
          'CONFIG.INVALID',
          `"${entity.path}" already has a handler; the bus allows one per entity`,
        );
      }
      entity.handler = handler;
      schedulePump();
      return () => {
        if (entity.handler === handler) entity.handler = undefined;
        schedulePump();
      };
    },
    peek(entityPath) {
      const { entity, deadLetter } = topology.entityAt(entityPath);
      return entity.peek(deadLetter);
    },
    resubmitDeadLetters(entityPath, select = () => true) {
      if (closed) throw new SyncError('BUS.UNAVAILABLE', 'The in-process bus is closed', { retryable: true });
      const { entity } = topology.entityAt(entityPath);
      const chosen = new Set(
        entity
          .peek(true)
          .filter(select)
          .map((message) => message.sequenceNumber),
      );
      const taken = entity.takeDeadLetters((message) => chosen.has(message.sequenceNumber));
      for (const message of taken) {
        entity.enqueue({
          ...message,
          sequenceNumber: ++sequence,
          messageId: `${message.messageId.slice(0, 100)}:replay:${randomUUID().slice(0, 8)}`,
          enqueuedAt: Date.now(),
          deliveryCount: 0,
          deadLetterReason: undefined,
          deadLetterErrorDescription: undefined,
        });
      }
      schedulePump();
      return taken.length;
    },
    whenIdle(idleOptions) {
      const deadline = Date.now() + (idleOptions?.horizonMs ?? 0);
      return new Promise<void>((resolve) => {
        waiters.push({ deadline, resolve });
        if (pumpPending === undefined) settleWaiters();
      });
    },
    async close() {
      closed = true;
      if (pumpPending !== undefined) clearImmediate(pumpPending);
      pumpPending = undefined;
      for (const { timer } of scheduled.values()) clearTimeout(timer);
      scheduled.clear();
      await Promise.allSettled([...running]);
      settleWaiters();
    },
  };
}
