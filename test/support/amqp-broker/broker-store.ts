/**
 * The fake broker's entities and what happens to a message sent to one, without AMQP: topic fan-out through
 * correlation filters, duplicate detection by message id, and scheduled enqueue.
 */
import type { Message } from 'rhea';
import {
  matchesCorrelationFilter,
  parseBusEntities,
  subscriptionPath,
  type BusEntitiesInput,
} from '../../../src/local/in-process-bus/bus-entities.js';
import { BrokerRejection, sessionOf } from './amqp-message.js';
import { BrokerEntity } from './broker-entity.js';

/** Something senders attach to: a queue, or a topic that copies each message to matching subscriptions. */
export interface SendTarget {
  readonly path: string;
  readonly duplicateDetectionWindowMs: number;
  /** Message id → when it was accepted. */
  readonly seen: Map<string, number>;
  readonly routes: readonly {
    readonly entity: BrokerEntity;
    readonly filter: Readonly<Record<string, string>>;
  }[];
}

/**
 * Refuses messages without a session id when a destination requires sessions, before any is stored, so a
 * batch is accepted or refused as a whole.
 *
 * @throws BrokerRejection naming the destination.
 */
export function assertSendable(target: SendTarget, messages: readonly Message[]): void {
  if (!target.routes.some((route) => route.entity.requiresSession)) return;
  if (messages.some((message) => sessionOf(message) === undefined)) {
    throw new BrokerRejection(
      'amqp:not-allowed',
      `"${target.path}" requires sessions: the SessionId was not set`,
    );
  }
}

/** Every declared entity, by the addresses links use; `onAvailable` hears about each entity that gained messages. */
export class BrokerStore {
  private sequence = 0;
  private readonly receivable = new Map<string, BrokerEntity>();
  private readonly sendable = new Map<string, SendTarget>();
  private readonly scheduled = new Map<number, NodeJS.Timeout>();

  constructor(input: BusEntitiesInput, onAvailable: (entity: BrokerEntity) => void) {
    const entities = parseBusEntities(input);
    const receivable = (path: string, requiresSession: boolean, maxDeliveryCount: number): BrokerEntity => {
      const entity = new BrokerEntity(path, requiresSession, maxDeliveryCount, onAvailable);
      for (const each of [entity, entity.deadLetter])
        if (each) this.receivable.set(each.path.toLowerCase(), each);
      return entity;
    };
    for (const queue of entities.queues) {
      const entity = receivable(queue.name, queue.requiresSession, queue.maxDeliveryCount);
      this.sendable.set(queue.name.toLowerCase(), {
        path: queue.name,
        duplicateDetectionWindowMs: queue.duplicateDetectionWindowMs,
        seen: new Map(),
        routes: [{ entity, filter: {} }],
      });
    }
    for (const topic of entities.topics) {
      const routes = topic.subscriptions.map((sub) => ({
        entity: receivable(subscriptionPath(topic.name, sub.name), sub.requiresSession, sub.maxDeliveryCount),
        filter: sub.correlationFilter,
      }));
      this.sendable.set(topic.name.toLowerCase(), {
        path: topic.name,
        duplicateDetectionWindowMs: topic.duplicateDetectionWindowMs,
        seen: new Map(),
        routes,
      });
    }
  }

  /** The entity a receive link's source address names (case-insensitive, as Service Bus). */
  receiveEntity(address: string): BrokerEntity | undefined {
    return this.receivable.get(address.toLowerCase());
  }

  /** The queue or topic a send link's target address names. */
  sendTarget(address: string): SendTarget | undefined {
    return this.sendable.get(address.toLowerCase());
  }

  /**
   * Accepts one message sent to a queue or topic and returns its sequence number. A message id seen within
   * the window is dropped silently (as Service Bus does); a scheduled enqueue time ahead holds it back.
   *
   * @throws BrokerRejection when a session-enabled destination gets a message without a session id.
   */
  send(target: SendTarget, message: Message, scheduledAt?: Date): number {
    const now = Date.now();
    assertSendable(target, [message]);
    const messageId: unknown = message.message_id;
    if (typeof messageId === 'string' && target.duplicateDetectionWindowMs > 0) {
      for (const [id, at] of target.seen)
        if (at + target.duplicateDetectionWindowMs <= now) target.seen.delete(id);
      if (target.seen.has(messageId)) return this.sequence;
      target.seen.set(messageId, now);
    }
    const sequenceNumber = ++this.sequence;
    const annotated: unknown = message.message_annotations?.['x-opt-scheduled-enqueue-time'];
    const dueAt = scheduledAt?.getTime() ?? (annotated instanceof Date ? annotated.getTime() : now);
    if (dueAt <= now) {
      this.route(target, message, sequenceNumber);
      return sequenceNumber;
    }
    const timer = setTimeout(() => {
      this.scheduled.delete(sequenceNumber);
      this.route(target, message, sequenceNumber);
    }, dueAt - now);
    this.scheduled.set(sequenceNumber, timer);
    return sequenceNumber;
  }

  /** Cancels scheduled messages by sequence number; unknown numbers are ignored, as in Service Bus. */
  cancelScheduled(sequenceNumbers: readonly number[]): void {
    for (const sequenceNumber of sequenceNumbers) {
      clearTimeout(this.scheduled.get(sequenceNumber));
      this.scheduled.delete(sequenceNumber);
    }
  }

  /** Stops the scheduling timers. */
  close(): void {
    this.cancelScheduled([...this.scheduled.keys()]);
  }

  private route(target: SendTarget, message: Message, sequenceNumber: number): void {
    const enqueuedAt = Date.now();
    const properties = message.application_properties as Record<string, unknown> | undefined;
    for (const { entity, filter } of target.routes) {
      if (!matchesCorrelationFilter(filter, properties)) continue;
      const copy: Message = { ...message, application_properties: { ...properties } };
      entity.enqueue({ sequenceNumber, message: copy, enqueuedAt, deliveryCount: 0, lockedUntil: 0 });
    }
  }
}
