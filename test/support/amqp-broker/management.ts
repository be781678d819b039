/**
 * The broker's request/response nodes: `$cbs` (token put, always accepted) and `<entity>/$management`
 * (schedule, cancel scheduled, renew message and session locks; 501 for every other operation).
 */
import type { Message, Receiver } from 'rhea';
import { addressOf, BrokerRejection, decodeMessage } from './amqp-message.js';
import { LOCK_DURATION_MS } from './broker-entity.js';
import type { BrokerStore } from './broker-store.js';

/** True for the addresses of request/response nodes. */
export function isManagementAddress(address: string): boolean {
  return address === '$cbs' || address.toLowerCase().endsWith('/$management');
}

interface Reply {
  readonly status: number;
  readonly description: string;
  readonly condition?: string;
  readonly body?: Record<string, unknown>;
}

/**
 * Answers one request that arrived on `receiver`. The reply goes out on the sender of the same AMQP session
 * that reads from the same node, which is how the SDK pairs its request and response links.
 */
export function answerManagementRequest(store: BrokerStore, receiver: Receiver, request: Message): void {
  const node = addressOf(receiver.target);
  const reply = node === '$cbs' ? { status: 202, description: 'Accepted' } : handle(store, node, request);
  const replyLink = receiver.session.find_sender(
    (sender: { source?: unknown }) => addressOf(sender.source) === node,
  );
  replyLink?.send({
    correlation_id: request.message_id,
    to: request.reply_to,
    application_properties: {
      statusCode: reply.status,
      'status-code': reply.status,
      statusDescription: reply.description,
      ...(reply.condition === undefined ? {} : { 'error-condition': reply.condition }),
    },
    body: reply.body ?? {},
  });
}

function handle(store: BrokerStore, node: string, request: Message): Reply {
  const entityPath = node.slice(0, -'/$management'.length);
  const operation: unknown = request.application_properties?.operation;
  const body: unknown = request.body;
  const fields = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  try {
    switch (operation) {
      case 'com.microsoft:schedule-message':
        return schedule(store, entityPath, fields);
      case 'com.microsoft:cancel-scheduled-message':
        store.cancelScheduled(toArray(fields['sequence-numbers']).map(toNumber));
        return { status: 200, description: 'OK' };
      case 'com.microsoft:renew-lock':
        return renewLocks(store, entityPath, fields);
      case 'com.microsoft:renew-session-lock':
        return renewSessionLock(store, entityPath, fields);
      default:
        return { status: 501, description: `The fake broker does not implement ${String(operation)}.` };
    }
  } catch (error) {
    if (error instanceof BrokerRejection)
      return { status: 400, description: error.message, condition: error.condition };
    throw error;
  }
}

function schedule(store: BrokerStore, entityPath: string, fields: Record<string, unknown>): Reply {
  const target = store.sendTarget(entityPath);
  if (target === undefined) return notFound(entityPath);
  const sequenceNumbers = toArray(fields.messages).map((entry) => {
    const encoded: unknown = (entry as Record<string, unknown> | null)?.message;
    if (!Buffer.isBuffer(encoded))
      throw new BrokerRejection('amqp:decode-error', 'schedule-message without a message');
    const message = decodeMessage(encoded);
    const at: unknown = message.message_annotations?.['x-opt-scheduled-enqueue-time'];
    return store.send(target, message, at instanceof Date ? at : new Date());
  });
  // Numbers are what the SDK accepts besides 8-byte longs, and they decode without ceremony.
  return { status: 200, description: 'OK', body: { 'sequence-numbers': sequenceNumbers } };
}

function renewLocks(store: BrokerStore, entityPath: string, fields: Record<string, unknown>): Reply {
  const entity = store.receiveEntity(entityPath);
  if (entity === undefined) return notFound(entityPath);
  const expirations: Date[] = [];
  for (const token of toArray(fields['lock-tokens'])) {
    // The SDK reorders the delivery tag into .NET Guid byte order; the same swap undoes it.
    const until = Buffer.isBuffer(token) ? entity.renewLock(reorderGuid(token).toString('hex')) : undefined;
    if (until === undefined) {
      return {
        status: 410,
        description: 'The lock on the message is lost.',
        condition: 'com.microsoft:message-lock-lost',
      };
    }
    expirations.push(until);
  }
  return { status: 200, description: 'OK', body: { expirations } };
}

function renewSessionLock(store: BrokerStore, entityPath: string, fields: Record<string, unknown>): Reply {
  const entity = store.receiveEntity(entityPath);
  if (entity === undefined) return notFound(entityPath);
  const sessionId = fields['session-id'];
  if (typeof sessionId !== 'string' || !entity.sessionOwners.has(sessionId)) {
    return {
      status: 410,
      description: 'The session lock is lost.',
      condition: 'com.microsoft:session-lock-lost',
    };
  }
  return { status: 200, description: 'OK', body: { expiration: new Date(Date.now() + LOCK_DURATION_MS) } };
}

function notFound(entityPath: string): Reply {
  return {
    status: 404,
    description: `The messaging entity '${entityPath}' could not be found.`,
    condition: 'amqp:not-found',
  };
}

function toArray(value: unknown): unknown[] {
  return Array.isArray(value) ? (value as unknown[]) : [];
}

function toNumber(value: unknown): number {
  if (typeof value === 'number') return value;
  if (Buffer.isBuffer(value) && value.length === 8) return Number(value.readBigInt64BE());
  throw new BrokerRejection('amqp:decode-error', 'expected a sequence number');
}

function reorderGuid(bytes: Buffer): Buffer {
  const order = [3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15];
  return Buffer.from(order.map((index) => bytes[index] ?? 0));
}
