import { randomUUID } from 'node:crypto';
import {
  isServiceBusError,
  type ServiceBusClient,
  type ServiceBusMessage,
  type ServiceBusReceivedMessage,
  type ServiceBusReceiver,
} from '@azure/service-bus';
import { isSyncError, SyncError } from '../../core/sync-errors.js';

/** The entity whose dead-letter sub-queue to read: a queue, or one subscription of a topic. */
export type DeadLetterSource =
  { readonly queueName: string } | { readonly topicName: string; readonly subscriptionName: string };

/** A dead-lettered message as an operator needs it: what it was, and why Service Bus gave up on it. */
export interface DeadLetteredMessage {
  readonly messageId: string | undefined;
  readonly sessionId: string | undefined;
  readonly subject: string | undefined;
  readonly body: unknown;
  readonly applicationProperties: Readonly<Record<string, unknown>>;
  /** `MaxDeliveryCountExceeded`, or the reason given when it was dead-lettered explicitly. */
  readonly deadLetterReason: string | undefined;
  readonly deadLetterErrorDescription: string | undefined;
  readonly enqueuedTimeUtc: Date | undefined;
}

/** Options for {@link createDeadLetterReader}. */
export interface DeadLetterReaderOptions {
  readonly client: ServiceBusClient;
  /** How long to wait for the first message of each round before deciding the queue is drained. */
  readonly maxWaitTimeInMs?: number;
}

/** Options of one read or resubmission. */
export interface DeadLetterReadOptions {
  /** Stop after this many messages (default 1000). */
  readonly maxMessages?: number;
}

/** Options of a resubmission. */
export interface DeadLetterResubmitOptions extends DeadLetterReadOptions {
  /** Resubmits only the messages this picks (e.g. one sync's); the others stay in the dead-letter queue. */
  readonly select?: (message: DeadLetteredMessage) => boolean;
}

/** Reads, counts and resubmits the messages of a `$DeadLetterQueue`. */
export interface DeadLetterReader {
  /** The dead-lettered messages, oldest first; they stay in the dead-letter queue. */
  read(source: DeadLetterSource, options?: DeadLetterReadOptions): Promise<readonly DeadLetteredMessage[]>;
  /** How many messages the dead-letter queue holds (up to `maxMessages`). */
  count(source: DeadLetterSource, options?: DeadLetterReadOptions): Promise<number>;
  /**
   * Sends each dead-lettered message back to its queue (or topic: its routing properties bring it back to
   * the same subscription) and removes it from the dead-letter queue; returns how many it resubmitted.
   */
  resubmit(source: DeadLetterSource, options?: DeadLetterResubmitOptions): Promise<number>;
}

const DEAD_LETTER_PROPERTIES = new Set(['DeadLetterReason', 'DeadLetterErrorDescription']);

/**
 * Builds a {@link DeadLetterReader} on the SDK. Reading locks the messages (peek-lock) and abandons them at
 * the end, so it needs only receive rights and sees each message once per read. A resubmitted copy gets a
 * new message id: the original id may still sit in the duplicate-detection window, which would drop it.
 *
 * Methods throw SyncError BUS.UNAVAILABLE (retryable) when Service Bus fails.
 */
export function createDeadLetterReader(options: DeadLetterReaderOptions): DeadLetterReader {
  const maxWaitTimeInMs = options.maxWaitTimeInMs ?? 1000;

  async function withLockedMessages<T>(
    source: DeadLetterSource,
    readOptions: DeadLetterReadOptions | undefined,
    use: (receiver: ServiceBusReceiver, messages: readonly ServiceBusReceivedMessage[]) => Promise<T>,
  ): Promise<T> {
    const maxMessages = readOptions?.maxMessages ?? 1000;
    const receiver =
      'queueName' in source
        ? options.client.createReceiver(source.queueName, { subQueueType: 'deadLetter' })
        : options.client.createReceiver(source.topicName, source.subscriptionName, {
            subQueueType: 'deadLetter',
          });
    try {
      const locked: ServiceBusReceivedMessage[] = [];
      // Locked messages are not delivered again, so rounds continue until one comes back empty.
      while (locked.length < maxMessages) {
        const round = await receiver.receiveMessages(Math.min(100, maxMessages - locked.length), {
          maxWaitTimeInMs,
        });
        if (round.length === 0) break;
        locked.push(...round);
      }
      return await use(receiver, locked);
    } catch (error) {
      throw toBusError(error, receiver.entityPath);
    } finally {
      await receiver.close().catch(() => undefined);
    }
  }

  async function read(source: DeadLetterSource, readOptions?: DeadLetterReadOptions) {
    return withLockedMessages(source, readOptions, async (receiver, messages) => {
      await Promise.all(messages.map((message) => receiver.abandonMessage(message)));
      return messages.map(toDeadLetteredMessage);
    });
  }

  return {
    read,
    async count(source, readOptions) {
      return (await read(source, readOptions)).length;
    },
    async resubmit(source, readOptions) {
      const entity = 'queueName' in source ? source.queueName : source.topicName;
      const sender = options.client.createSender(entity);
      try {
        return await withLockedMessages(source, readOptions, async (receiver, messages) => {
          let resubmitted = 0;
          for (const message of messages) {
            if (readOptions?.select && !readOptions.select(toDeadLetteredMessage(message))) {
              await receiver.abandonMessage(message);
              continue;
            }
            // Send before completing: a crash in between replays the message twice, never zero times.
            await sender.sendMessages(toResubmission(message));
            await receiver.completeMessage(message);
            resubmitted += 1;
          }
          return resubmitted;
        });
      } finally {
        await sender.close().catch(() => undefined);
      }
    },
  };
}

function toDeadLetteredMessage(message: ServiceBusReceivedMessage): DeadLetteredMessage {
  return {
    messageId: message.messageId === undefined ? undefined : String(message.messageId),
    sessionId: message.sessionId,
    subject: message.subject,
    body: message.body as unknown,
    applicationProperties: withoutDeadLetterProperties(message.applicationProperties),
    deadLetterReason: message.deadLetterReason,
    deadLetterErrorDescription: message.deadLetterErrorDescription,
    enqueuedTimeUtc: message.enqueuedTimeUtc,
  };
}

function toResubmission(message: ServiceBusReceivedMessage): ServiceBusMessage {
  const original = message.messageId === undefined ? 'message' : String(message.messageId);
  return {
    body: message.body as unknown,
    messageId: `${original.slice(0, 100)}:replay:${randomUUID().slice(0, 8)}`,
    ...(message.sessionId === undefined ? {} : { sessionId: message.sessionId }),
    ...(message.contentType === undefined ? {} : { contentType: message.contentType }),
    ...(message.subject === undefined ? {} : { subject: message.subject }),
    ...(message.correlationId === undefined ? {} : { correlationId: message.correlationId }),
    applicationProperties: withoutDeadLetterProperties(message.applicationProperties),
  };
}

type ApplicationProperties = NonNullable<ServiceBusMessage['applicationProperties']>;

function withoutDeadLetterProperties(properties: ApplicationProperties | undefined): ApplicationProperties {
  return Object.fromEntries(
    Object.entries(properties ?? {}).filter(([key]) => !DEAD_LETTER_PROPERTIES.has(key)),
  );
}

function toBusError(error: unknown, entity: string): SyncError {
  if (isSyncError(error)) return error;
  const reason = isServiceBusError(error) ? error.code : error instanceof Error ? error.name : 'unknown';
  return new SyncError('BUS.UNAVAILABLE', `Reading the dead-letter queue of "${entity}" failed (${reason})`, {
    retryable: true,
    cause: error,
    details: { entity },
  });
}
