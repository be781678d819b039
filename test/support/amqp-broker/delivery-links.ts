/**
 * The broker's outgoing links (the SDK's receivers): attach with session locking, credit, drain, delivery
 * with the annotations the SDK reads, and settlement mapped back onto the store.
 */
import { randomBytes } from 'node:crypto';
import type { EventContext, Sender } from 'rhea';
import { addressOf } from './amqp-message.js';
import { LOCK_DURATION_MS, type BrokerEntity } from './broker-entity.js';
import type { BrokerStore } from './broker-store.js';
import { answerDrain, completeAttach, grantedCredit } from './rhea-link-internals.js';
import { settleDelivery } from './settlement.js';

/** The link filter the SDK uses to ask for a session (a session id, or null for "next available"). */
const SESSION_FILTER = 'com.microsoft:session-filter';

interface OutgoingLink {
  readonly sender: Sender;
  readonly entity: BrokerEntity;
  readonly sessionId: string | undefined;
  /** receive-and-delete: deliveries go out settled and leave the store at once. */
  readonly presettled: boolean;
  /** Deliveries sent plus credit given back by a drain; `credit + delivery_count - consumed` is what's left. */
  consumed: number;
  readonly unsettled: Set<string>;
}

function requestedSession(filter: unknown): { readonly wanted: boolean; readonly id: string | undefined } {
  if (typeof filter !== 'object' || filter === null || !(SESSION_FILTER in filter))
    return { wanted: false, id: undefined };
  const id: unknown = (filter as Record<string, unknown>)[SESSION_FILTER];
  return { wanted: true, id: typeof id === 'string' ? id : undefined };
}

/** Tracks every receive link of the broker and feeds them from the store. */
export class DeliveryLinks {
  private readonly links = new Map<Sender, OutgoingLink>();

  constructor(private readonly store: BrokerStore) {}

  /** Handles the attach of a client receiver to an entity (management reply links are not for us). */
  open(sender: Sender): void {
    const address = addressOf(sender.source);
    const entity = this.store.receiveEntity(address);
    if (entity === undefined) {
      sender.close({
        condition: 'amqp:not-found',
        description: `The messaging entity '${address}' could not be found.`,
      });
      return;
    }
    const session = requestedSession(sender.source.filter);
    if (session.wanted !== entity.requiresSession) {
      const description = entity.requiresSession
        ? `'${address}' requires sessions: accept a session to receive from it.`
        : `'${address}' does not support sessions.`;
      sender.close({ condition: 'amqp:not-allowed', description });
      return;
    }
    const sessionId = session.wanted ? (session.id ?? entity.nextAvailableSession()) : undefined;
    if (session.wanted) {
      if (sessionId === undefined) {
        sender.close({
          condition: 'com.microsoft:timeout',
          description: `No unlocked session is available on '${address}'.`,
        });
        return;
      }
      if (entity.sessionOwners.has(sessionId)) {
        const description = `The session '${sessionId}' is locked by another receiver.`;
        sender.close({ condition: 'com.microsoft:session-cannot-be-locked', description });
        return;
      }
      entity.sessionOwners.set(sessionId, sender);
      sender.set_source({ address, filter: { [SESSION_FILTER]: sessionId } });
    } else {
      sender.set_source({ address });
    }
    completeAttach(sender, sessionId === undefined ? undefined : new Date(Date.now() + LOCK_DURATION_MS));
    const presettled = sender.snd_settle_mode === 1;
    this.links.set(sender, { sender, entity, sessionId, presettled, consumed: 0, unsettled: new Set() });
  }

  /** Sends what the link's credit allows; on a drain, gives the rest of the credit back. */
  flow(sender: Sender, draining: boolean): void {
    const link = this.links.get(sender);
    if (link === undefined) return;
    this.deliver(link);
    if (!draining) return;
    // Whatever credit is left goes back to the client, and the client must hear so even when none is left.
    link.consumed = grantedCredit(sender);
    answerDrain(sender);
  }

  /** Feeds every link attached to `entity`. */
  pump(entity: BrokerEntity): void {
    for (const link of this.links.values()) if (link.entity === entity) this.deliver(link);
  }

  /** Applies the client's disposition and answers with a settled one (the SDK waits for it). */
  settle(context: EventContext): void {
    const { sender, delivery } = context;
    const link = sender === undefined ? undefined : this.links.get(sender);
    if (link === undefined || delivery === undefined) return;
    const token = Buffer.from(delivery.tag).toString('hex');
    if (!link.unsettled.delete(token)) return;
    settleDelivery(link.entity, token, delivery);
  }

  /** Releases what a closed link held: its session lock, and its unsettled messages (lock lost). */
  close(sender: Sender): void {
    const link = this.links.get(sender);
    if (link === undefined) return;
    this.links.delete(sender);
    if (link.sessionId !== undefined && link.entity.sessionOwners.get(link.sessionId) === sender) {
      link.entity.sessionOwners.delete(link.sessionId);
    }
    for (const token of link.unsettled) link.entity.abandon(token);
    this.pump(link.entity);
  }

  /** Closes the links of a connection that went away. */
  closeConnection(connection: unknown): void {
    for (const sender of [...this.links.keys()]) if (sender.connection === connection) this.close(sender);
  }

  private credit(link: OutgoingLink): number {
    return grantedCredit(link.sender) - link.consumed;
  }

  private deliver(link: OutgoingLink): void {
    if (!link.sender.is_open()) return;
    while (this.credit(link) > 0) {
      const tag = randomBytes(16);
      const token = tag.toString('hex');
      const stored = link.entity.take(link.sessionId, token);
      if (stored === undefined) return;
      link.consumed += 1;
      link.sender.send(
        {
          ...stored.message,
          delivery_count: stored.deliveryCount,
          message_annotations: {
            ...stored.message.message_annotations,
            'x-opt-sequence-number': stored.sequenceNumber,
            'x-opt-enqueued-time': new Date(stored.enqueuedAt),
            'x-opt-locked-until': new Date(stored.lockedUntil),
          },
        },
        tag,
      );
      if (link.presettled) link.entity.complete(token);
      else link.unsettled.add(token);
    }
  }
}
