import { SyncError } from '../../core/sync-errors.js';
import {
  matchesCorrelationFilter,
  parseBusEntities,
  subscriptionPath,
  type BusEntitiesInput,
} from './bus-entities.js';
import { BusEntityState } from './bus-entity-state.js';
import { busMessageSchema, type BusMessage } from './bus-message.js';

/** A queue or topic as senders see it: its duplicate-detection memory and where its messages go. */
export interface SendTarget {
  readonly name: string;
  readonly duplicateDetectionWindowMs: number;
  /** Message id → when it was accepted. */
  readonly seen: Map<string, number>;
  readonly routes: readonly {
    readonly entity: BusEntityState;
    readonly filter: Readonly<Record<string, string>>;
  }[];
}

/** A validated message with its body serialized once, as it would travel. */
export interface PreparedMessage {
  readonly message: BusMessage;
  readonly bodyJson: string;
}

const DEAD_LETTER_SUFFIX = '/$deadletterqueue';

/** The declared entities of one bus, found by the names and paths Service Bus uses (case-insensitive). */
export class BusTopology {
  readonly entities: readonly BusEntityState[];
  private readonly receivable = new Map<string, BusEntityState>();
  private readonly targets = new Map<string, SendTarget>();

  constructor(input: BusEntitiesInput) {
    const declared = parseBusEntities(input);
    const add = (path: string, requiresSession: boolean, maxDeliveryCount: number): BusEntityState => {
      const entity = new BusEntityState(path, requiresSession, maxDeliveryCount);
      this.receivable.set(path.toLowerCase(), entity);
      return entity;
    };
    for (const { name, duplicateDetectionWindowMs, ...queue } of declared.queues) {
      const entity = add(name, queue.requiresSession, queue.maxDeliveryCount);
      const routes = [{ entity, filter: {} }];
      this.targets.set(name.toLowerCase(), { name, duplicateDetectionWindowMs, seen: new Map(), routes });
    }
    for (const { name, duplicateDetectionWindowMs, subscriptions } of declared.topics) {
      const routes = subscriptions.map((sub) => ({
        entity: add(subscriptionPath(name, sub.name), sub.requiresSession, sub.maxDeliveryCount),
        filter: sub.correlationFilter,
      }));
      this.targets.set(name.toLowerCase(), { name, duplicateDetectionWindowMs, seen: new Map(), routes });
    }
    this.entities = [...this.receivable.values()];
  }

  /**
   * The queue or subscription at `entityPath`, and whether the path names its dead-letter queue.
   *
   * @throws SyncError CONFIG.INVALID listing the declared paths.
   */
  entityAt(entityPath: string): { readonly entity: BusEntityState; readonly deadLetter: boolean } {
    const lower = entityPath.toLowerCase();
    const deadLetter = lower.endsWith(DEAD_LETTER_SUFFIX);
    const entity = this.receivable.get(deadLetter ? lower.slice(0, -DEAD_LETTER_SUFFIX.length) : lower);
    if (entity === undefined) {
      const known = this.entities.map((each) => each.path).join(', ');
      throw new SyncError(
        'CONFIG.INVALID',
        `The in-process bus has no queue or subscription "${entityPath}" (declared: ${known})`,
      );
    }
    return { entity, deadLetter };
  }

  /**
   * The queue or topic named `name`.
   *
   * @throws SyncError CONFIG.INVALID when none is declared.
   */
  target(name: string): SendTarget {
    const target = this.targets.get(name.toLowerCase());
    if (target === undefined) {
      throw new SyncError('CONFIG.INVALID', `The in-process bus has no queue or topic "${name}"`);
    }
    return target;
  }
}

/**
 * Validates messages for a target the way Service Bus would refuse them: bad fields, no session id for a
 * session entity, a body that is not JSON, or more bytes than the limit. All or nothing.
 *
 * @throws SyncError MESSAGE.INVALID or BUS.MESSAGE_TOO_LARGE naming the message.
 */
export function prepareMessages(
  target: SendTarget,
  messages: readonly BusMessage[],
  maxMessageSizeBytes: number,
): PreparedMessage[] {
  const requiresSession = target.routes.some((route) => route.entity.requiresSession);
  return messages.map((message) => {
    const parsed = busMessageSchema.safeParse(message);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue?.path.join('.') ?? '?';
      throw new SyncError(
        'MESSAGE.INVALID',
        `Invalid message for "${target.name}" at ${where}: ${issue?.message ?? ''}`,
      );
    }
    if (requiresSession && message.sessionId === undefined) {
      throw new SyncError(
        'MESSAGE.INVALID',
        `Message ${message.messageId} has no session id, but "${target.name}" requires sessions`,
      );
    }
    const bodyJson = JSON.stringify(message.body) as string | undefined;
    if (bodyJson === undefined)
      throw new SyncError('MESSAGE.INVALID', `Message ${message.messageId} has no JSON body`);
    const size =
      Buffer.byteLength(bodyJson) + Buffer.byteLength(JSON.stringify(message.applicationProperties ?? {}));
    if (size > maxMessageSizeBytes) {
      throw new SyncError(
        'BUS.MESSAGE_TOO_LARGE',
        `Message ${message.messageId} (${String(size)} bytes) exceeds the ${String(maxMessageSizeBytes)}-byte ` +
          `limit of "${target.name}"`,
        {
          details: { entity: target.name, messageId: message.messageId, maxSizeInBytes: maxMessageSizeBytes },
        },
      );
    }
    return { message, bodyJson };
  });
}

/** Records a message id; false when it was already seen within the target's duplicate-detection window. */
export function acceptOnce(target: SendTarget, messageId: string, now: number): boolean {
  if (target.duplicateDetectionWindowMs === 0) return true;
  for (const [id, at] of target.seen)
    if (at + target.duplicateDetectionWindowMs <= now) target.seen.delete(id);
  if (target.seen.has(messageId)) return false;
  target.seen.set(messageId, now);
  return true;
}

/** Enqueues a copy of the message in every entity of the target whose correlation filter it matches. */
export function route(
  { message, bodyJson }: PreparedMessage,
  target: SendTarget,
  sequenceNumber: number,
): void {
  for (const { entity, filter } of target.routes) {
    if (!matchesCorrelationFilter(filter, message.applicationProperties)) continue;
    entity.enqueue({
      sequenceNumber,
      messageId: message.messageId,
      sessionId: message.sessionId,
      bodyJson,
      applicationProperties: { ...message.applicationProperties },
      contentType: message.contentType,
      subject: message.subject,
      enqueuedAt: Date.now(),
      deliveryCount: 0,
    });
  }
}
