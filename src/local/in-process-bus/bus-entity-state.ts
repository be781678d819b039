import { randomUUID } from 'node:crypto';
import type {
  ApplicationPropertyValue,
  BusHandler,
  BusMessageMetadata,
  PeekedBusMessage,
} from './bus-message.js';

/** A message resident in one queue or subscription (topics copy a message into each matching one). */
export interface StoredBusMessage {
  readonly sequenceNumber: number;
  readonly messageId: string;
  readonly sessionId: string | undefined;
  /** The body as sent over the wire: every delivery parses a fresh copy, as the Functions host does. */
  readonly bodyJson: string;
  readonly applicationProperties: Readonly<Record<string, ApplicationPropertyValue>>;
  readonly contentType: string | undefined;
  readonly subject: string | undefined;
  readonly enqueuedAt: number;
  deliveryCount: number;
  deadLetterReason?: string;
  deadLetterErrorDescription?: string;
}

/**
 * One receivable entity: its active messages in sequence order, what its handler is working on, which
 * sessions are busy, and its dead-letter queue.
 */
export class BusEntityState {
  readonly active: StoredBusMessage[] = [];
  readonly inFlight = new Set<StoredBusMessage>();
  readonly busySessions = new Set<string>();
  readonly deadLetters: StoredBusMessage[] = [];
  handler: BusHandler | undefined;

  constructor(
    readonly path: string,
    readonly requiresSession: boolean,
    readonly maxDeliveryCount: number,
  ) {}

  /** Adds a message where its sequence number puts it, so a redelivery goes first in its session. */
  enqueue(message: StoredBusMessage): void {
    const index = this.active.findIndex((other) => other.sequenceNumber > message.sequenceNumber);
    this.active.splice(index < 0 ? this.active.length : index, 0, message);
  }

  /**
   * The messages to hand to the handler now: for session entities the first message of each idle session,
   * while fewer than `maxConcurrentSessions` are busy; otherwise the oldest, while fewer than `maxConcurrentCalls`
   * are in flight.
   */
  deliverable(maxConcurrentSessions: number, maxConcurrentCalls: number): StoredBusMessage[] {
    if (this.handler === undefined) return [];
    if (!this.requiresSession) {
      return this.active.slice(0, Math.max(0, maxConcurrentCalls - this.inFlight.size));
    }
    const chosen: StoredBusMessage[] = [];
    const considered = new Set<string>();
    let busy = this.busySessions.size;
    for (const message of this.active) {
      if (busy >= maxConcurrentSessions) break;
      const sessionId = message.sessionId ?? '';
      if (considered.has(sessionId)) continue;
      considered.add(sessionId);
      if (this.busySessions.has(sessionId)) continue;
      chosen.push(message);
      busy += 1;
    }
    return chosen;
  }

  /** Locks a message for delivery: out of the active list, one more delivery, its session busy. */
  lock(message: StoredBusMessage): void {
    const index = this.active.indexOf(message);
    if (index >= 0) this.active.splice(index, 1);
    this.inFlight.add(message);
    if (this.requiresSession) this.busySessions.add(message.sessionId ?? '');
    message.deliveryCount += 1;
  }

  /** Releases a delivered message; `then` decides its fate. */
  unlock(
    message: StoredBusMessage,
    then: 'complete' | 'abandon' | 'dead-letter',
    reason?: string,
    description?: string,
  ): void {
    if (!this.inFlight.delete(message)) return;
    if (this.requiresSession) this.busySessions.delete(message.sessionId ?? '');
    if (then === 'complete') return;
    if (then === 'abandon' && message.deliveryCount < this.maxDeliveryCount) {
      this.enqueue(message);
      return;
    }
    message.deadLetterReason = then === 'abandon' ? 'MaxDeliveryCountExceeded' : reason;
    message.deadLetterErrorDescription =
      then === 'abandon'
        ? `Message could not be consumed after ${String(this.maxDeliveryCount)} delivery attempts.`
        : description;
    this.deadLetters.push(message);
  }

  /** Takes the dead letters `predicate` picks out of the dead-letter queue (to resubmit them). */
  takeDeadLetters(predicate: (message: StoredBusMessage) => boolean): StoredBusMessage[] {
    const taken = this.deadLetters.filter(predicate);
    for (const message of taken) this.deadLetters.splice(this.deadLetters.indexOf(message), 1);
    return taken;
  }

  /** True when a handler is attached and something is active or in flight. */
  isBusy(): boolean {
    return this.inFlight.size > 0 || (this.handler !== undefined && this.active.length > 0);
  }

  /** A snapshot of the active and in-flight messages, or of the dead-letter queue. */
  peek(deadLetterQueue: boolean): PeekedBusMessage[] {
    const rows = deadLetterQueue
      ? this.deadLetters.map((message) => ({ message, state: 'active' as const }))
      : [
          ...this.active.map((message) => ({ message, state: 'active' as const })),
          ...[...this.inFlight].map((message) => ({ message, state: 'in-flight' as const })),
        ];
    return rows
      .sort((a, b) => a.message.sequenceNumber - b.message.sequenceNumber)
      .map(({ message, state }) => ({
        sequenceNumber: message.sequenceNumber,
        messageId: message.messageId,
        sessionId: message.sessionId,
        subject: message.subject,
        body: JSON.parse(message.bodyJson) as unknown,
        applicationProperties: message.applicationProperties,
        deliveryCount: message.deliveryCount,
        state,
        deadLetterReason: message.deadLetterReason,
        deadLetterErrorDescription: message.deadLetterErrorDescription,
      }));
  }
}

/** The trigger metadata of one delivery, as the Functions host would pass it (new lock token each time). */
export function toTriggerMetadata(message: StoredBusMessage): BusMessageMetadata {
  return {
    messageId: message.messageId,
    sessionId: message.sessionId,
    deliveryCount: message.deliveryCount,
    enqueuedTimeUtc: new Date(message.enqueuedAt).toISOString(),
    sequenceNumber: message.sequenceNumber,
    applicationProperties: { ...message.applicationProperties },
    contentType: message.contentType,
    subject: message.subject,
    lockToken: randomUUID(),
  };
}
