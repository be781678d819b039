import {
  isServiceBusError,
  type ServiceBusClient,
  type ServiceBusMessage,
  type ServiceBusMessageBatch,
  type ServiceBusSender,
} from '@azure/service-bus';
import type { DrainRequest, TargetChange } from '../../app/messages.js';
import type { SyncQueue } from '../../app/ports.js';
import { isSyncError, SyncError } from '../../core/sync-errors.js';
import { toDrainMessage, toTargetChangeMessage, type OutgoingSyncMessage } from './sync-message-mapping.js';

/** Options for {@link createServiceBusSyncQueue}. */
export interface ServiceBusSyncQueueOptions {
  /** The process's client; the queue never closes it. */
  readonly client: ServiceBusClient;
  /** `XTSYNC_SOURCE_QUEUE`, normally `source-changes`. */
  readonly sourceQueueName: string;
  /** `XTSYNC_TARGET_TOPIC`, normally `target-changes`. */
  readonly targetTopicName: string;
}

/** A {@link SyncQueue} on Service Bus that owns its two senders. */
export interface ServiceBusSyncQueue extends SyncQueue {
  /** Closes both senders (not the client). */
  close(): Promise<void>;
}

/**
 * Sends xtsync's messages with the real Service Bus SDK: drains to the source queue, target changes to the
 * target topic, each with its session id, message id and routing properties (sync-message-mapping.ts).
 *
 * Any number of messages goes out in as many batches as the link's size limit needs. A failure part-way
 * leaves the earlier batches sent; sending the same call again is safe because duplicate detection drops
 * the message ids already accepted.
 *
 * Methods throw SyncError: MESSAGE.INVALID (schema), BUS.MESSAGE_TOO_LARGE (one message exceeds the link's
 * limit, not retryable) and BUS.UNAVAILABLE (any SDK failure, retryable, with the SDK error as cause).
 */
export function createServiceBusSyncQueue(options: ServiceBusSyncQueueOptions): ServiceBusSyncQueue {
  // Created once: each sender keeps its AMQP link open and is reused by every call.
  const drains = options.client.createSender(options.sourceQueueName);
  const changes = options.client.createSender(options.targetTopicName);
  return {
    async enqueueDrains(requests: readonly DrainRequest[]): Promise<void> {
      await sendInBatches(drains, requests.map(toDrainMessage));
    },
    async scheduleDrain(request: DrainRequest, at: Date): Promise<void> {
      await schedule(drains, toDrainMessage(request), at);
    },
    async publishTargetChanges(targetChanges: readonly TargetChange[]): Promise<void> {
      await sendInBatches(changes, targetChanges.map(toTargetChangeMessage));
    },
    async scheduleTargetChange(change: TargetChange, at: Date): Promise<void> {
      await schedule(changes, toTargetChangeMessage(change), at);
    },
    async close(): Promise<void> {
      await Promise.all([
        callSdk(drains, 'close', () => drains.close()),
        callSdk(changes, 'close', () => changes.close()),
      ]);
    },
  };
}

async function sendInBatches(
  sender: ServiceBusSender,
  messages: readonly OutgoingSyncMessage[],
): Promise<void> {
  if (messages.length === 0) return;
  let batch = await newBatch(sender);
  for (const message of messages) {
    const sdkMessage = toSdkMessage(message);
    if (batch.tryAddMessage(sdkMessage)) continue;
    if (batch.count === 0) throw tooLarge(sender, message, batch);
    const full = batch;
    await callSdk(sender, 'send', () => sender.sendMessages(full));
    batch = await newBatch(sender);
    if (!batch.tryAddMessage(sdkMessage)) throw tooLarge(sender, message, batch);
  }
  const last = batch;
  if (last.count > 0) await callSdk(sender, 'send', () => sender.sendMessages(last));
}

async function schedule(sender: ServiceBusSender, message: OutgoingSyncMessage, at: Date): Promise<void> {
  const sdkMessage = toSdkMessage(message);
  // The schedule request carries the encoded message, so the same size limit applies; check it the same way.
  const probe = await newBatch(sender);
  if (!probe.tryAddMessage(sdkMessage)) throw tooLarge(sender, message, probe);
  await callSdk(sender, 'schedule', () => sender.scheduleMessages(sdkMessage, at));
}

function newBatch(sender: ServiceBusSender): Promise<ServiceBusMessageBatch> {
  return callSdk(sender, 'create batch', () => sender.createMessageBatch());
}

function toSdkMessage(message: OutgoingSyncMessage): ServiceBusMessage {
  return {
    body: message.body,
    messageId: message.messageId,
    sessionId: message.sessionId,
    applicationProperties: { ...message.applicationProperties },
    contentType: message.contentType,
    subject: message.subject,
  };
}

function tooLarge(
  sender: ServiceBusSender,
  message: OutgoingSyncMessage,
  batch: ServiceBusMessageBatch,
): SyncError {
  return new SyncError(
    'BUS.MESSAGE_TOO_LARGE',
    `Message ${message.messageId} does not fit the ${String(batch.maxSizeInBytes)}-byte limit of ` +
      `"${sender.entityPath}"`,
    {
      retryable: false,
      details: {
        entity: sender.entityPath,
        messageId: message.messageId,
        maxSizeInBytes: batch.maxSizeInBytes,
      },
    },
  );
}

async function callSdk<T>(sender: ServiceBusSender, operation: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (isSyncError(error)) throw error;
    const reason = isServiceBusError(error) ? error.code : error instanceof Error ? error.name : 'unknown';
    if (reason === 'MessageSizeExceeded') {
      throw new SyncError(
        'BUS.MESSAGE_TOO_LARGE',
        `Service Bus refused a message to "${sender.entityPath}" as too large`,
        {
          retryable: false,
          cause: error,
          details: { entity: sender.entityPath, operation, reason },
        },
      );
    }
    throw new SyncError(
      'BUS.UNAVAILABLE',
      `Service Bus ${operation} on "${sender.entityPath}" failed (${reason})`,
      {
        retryable: true,
        cause: error,
        details: { entity: sender.entityPath, operation, reason },
      },
    );
  }
}
