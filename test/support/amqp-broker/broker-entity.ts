/**
 * One receivable entity of the fake broker (a queue, a subscription, or a dead-letter sub-queue): its
 * messages in sequence order, peek-lock, session locks, and the road to its dead-letter sub-queue.
 */
import type { Message } from 'rhea';
import { deadLetterPath } from '../../../src/local/in-process-bus/bus-entities.js';
import { readableBody, sessionOf } from './amqp-message.js';

/** Service Bus's default lock duration; the fake reports it but never expires locks. */
export const LOCK_DURATION_MS = 60_000;

/** A message resident in an entity. `deliveryCount` is the AMQP header value: failed deliveries so far. */
export interface StoredMessage {
  readonly sequenceNumber: number;
  readonly message: Message;
  readonly enqueuedAt: number;
  deliveryCount: number;
  lockedUntil: number;
}

/** A message as the broker's `peek` shows it. */
export interface PeekedMessage {
  readonly sequenceNumber: number;
  readonly messageId: unknown;
  readonly sessionId: string | undefined;
  readonly subject: unknown;
  readonly body: unknown;
  readonly applicationProperties: Readonly<Record<string, unknown>>;
  /** AMQP header value: deliveries that did not end in completion. */
  readonly deliveryCount: number;
  readonly state: 'active' | 'locked' | 'deferred';
}

/** A queue, subscription or dead-letter sub-queue; `onAvailable` hears whenever it gains a message. */
export class BrokerEntity {
  readonly available: StoredMessage[] = [];
  /** Lock token (hex of the delivery tag) → the locked message. */
  readonly locked = new Map<string, StoredMessage>();
  readonly deferred: StoredMessage[] = [];
  /** Session id → the link that holds its lock. */
  readonly sessionOwners = new Map<string, object>();
  readonly deadLetter: BrokerEntity | undefined;

  constructor(
    readonly path: string,
    readonly requiresSession: boolean,
    readonly maxDeliveryCount: number,
    private readonly onAvailable: (entity: BrokerEntity) => void,
    isDeadLetterQueue = false,
  ) {
    this.deadLetter = isDeadLetterQueue
      ? undefined
      : new BrokerEntity(deadLetterPath(path), false, Number.POSITIVE_INFINITY, onAvailable, true);
  }

  /** Adds a message where its sequence number puts it, so a redelivery goes first in its session. */
  enqueue(stored: StoredMessage): void {
    const index = this.available.findIndex((other) => other.sequenceNumber > stored.sequenceNumber);
    this.available.splice(index < 0 ? this.available.length : index, 0, stored);
    this.onAvailable(this);
  }

  /** Takes the first available message (of `sessionId`, when given) and locks it under `lockToken`. */
  take(sessionId: string | undefined, lockToken: string): StoredMessage | undefined {
    const index =
      sessionId === undefined
        ? 0
        : this.available.findIndex((stored) => sessionOf(stored.message) === sessionId);
    const stored = index < 0 ? undefined : this.available[index];
    if (stored === undefined) return undefined;
    this.available.splice(index, 1);
    stored.lockedUntil = Date.now() + LOCK_DURATION_MS;
    this.locked.set(lockToken, stored);
    return stored;
  }

  /** Removes a locked message for good (complete, or receive-and-delete). */
  complete(lockToken: string): void {
    this.locked.delete(lockToken);
  }

  /** Unlocks a message for redelivery, one delivery later; at maxDeliveryCount it is dead-lettered instead. */
  abandon(lockToken: string, propertiesToModify?: Readonly<Record<string, unknown>>): void {
    const stored = this.unlock(lockToken);
    if (stored === undefined) return;
    Object.assign((stored.message.application_properties ??= {}), propertiesToModify);
    stored.deliveryCount += 1;
    if (stored.deliveryCount < this.maxDeliveryCount) {
      this.enqueue(stored);
      return;
    }
    const description = `Message could not be consumed after ${String(this.maxDeliveryCount)} delivery attempts.`;
    this.moveToDeadLetter(stored, 'MaxDeliveryCountExceeded', description);
  }

  /** Sets a locked message aside; only a receive by sequence number (not supported here) gets it back. */
  defer(lockToken: string): void {
    const stored = this.unlock(lockToken);
    if (stored !== undefined) this.deferred.push(stored);
  }

  /** Moves a locked message to the dead-letter sub-queue with a reason and description. */
  deadLetterLocked(lockToken: string, reason: string, description: string): void {
    const stored = this.unlock(lockToken);
    if (stored !== undefined) this.moveToDeadLetter(stored, reason, description);
  }

  /** Extends a message lock; undefined when the token is unknown (settled or never issued). */
  renewLock(lockToken: string): Date | undefined {
    const stored = this.locked.get(lockToken);
    if (stored === undefined) return undefined;
    stored.lockedUntil = Date.now() + LOCK_DURATION_MS;
    return new Date(stored.lockedUntil);
  }

  /** The session of the oldest available message whose session nobody holds. */
  nextAvailableSession(): string | undefined {
    for (const stored of this.available) {
      const sessionId = sessionOf(stored.message);
      if (sessionId !== undefined && !this.sessionOwners.has(sessionId)) return sessionId;
    }
    return undefined;
  }

  /** The resident messages, oldest first. */
  peek(): PeekedMessage[] {
    const rows = [
      ...this.available.map((stored) => ({ stored, state: 'active' as const })),
      ...[...this.locked.values()].map((stored) => ({ stored, state: 'locked' as const })),
      ...this.deferred.map((stored) => ({ stored, state: 'deferred' as const })),
    ];
    return rows
      .sort((a, b) => a.stored.sequenceNumber - b.stored.sequenceNumber)
      .map(({ stored, state }) => ({
        sequenceNumber: stored.sequenceNumber,
        messageId: stored.message.message_id,
        sessionId: sessionOf(stored.message),
        subject: stored.message.subject,
        body: readableBody(stored.message.body),
        applicationProperties: {
          ...(stored.message.application_properties as Record<string, unknown> | undefined),
        },
        deliveryCount: stored.deliveryCount,
        state,
      }));
  }

  private unlock(lockToken: string): StoredMessage | undefined {
    const stored = this.locked.get(lockToken);
    this.locked.delete(lockToken);
    return stored;
  }

  private moveToDeadLetter(stored: StoredMessage, reason: string, description: string): void {
    if (this.deadLetter === undefined) return;
    const message: Message = {
      ...stored.message,
      application_properties: {
        ...stored.message.application_properties,
        DeadLetterReason: reason,
        DeadLetterErrorDescription: description,
      },
      message_annotations: { ...stored.message.message_annotations, 'x-opt-deadletter-source': this.path },
    };
    this.deadLetter.enqueue({ ...stored, message, lockedUntil: 0 });
  }
}
