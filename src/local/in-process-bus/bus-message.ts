/**
 * What goes into the in-process bus and what its handlers get back: the same fields as a Service Bus
 * message on the way in, and the Azure Functions host's trigger metadata on the way out.
 */
import { z } from 'zod';

/** An application-property value, as Service Bus carries them (dates are not used by xtsync). */
export type ApplicationPropertyValue = string | number | boolean;

/** A message to send; `OutgoingSyncMessage` (adapters/service-bus) is one. The body must be JSON. */
export interface BusMessage {
  readonly body: unknown;
  readonly messageId: string;
  readonly sessionId?: string;
  readonly applicationProperties?: Readonly<Record<string, ApplicationPropertyValue>>;
  readonly contentType?: string;
  readonly subject?: string;
  /** Held back until this time, like `scheduledEnqueueTimeUtc` on a Service Bus message. */
  readonly scheduledEnqueueTimeUtc?: Date;
}

/** Service Bus's limits on ids: at most 128 characters. */
export const busMessageSchema = z.object({
  body: z.unknown(),
  messageId: z.string().min(1).max(128),
  sessionId: z.string().min(1).max(128).optional(),
  applicationProperties: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
  contentType: z.string().max(256).optional(),
  subject: z.string().max(256).optional(),
  scheduledEnqueueTimeUtc: z.date().optional(),
});

/**
 * Trigger metadata with the shape the Functions host gives a Service Bus trigger after camel-casing
 * (reference/azure-platform.md §1.3): `deliveryCount` is 1 on the first delivery, `enqueuedTimeUtc` a string.
 */
export interface BusMessageMetadata {
  readonly messageId: string;
  readonly sessionId: string | undefined;
  readonly deliveryCount: number;
  readonly enqueuedTimeUtc: string;
  readonly sequenceNumber: number;
  readonly applicationProperties: Readonly<Record<string, ApplicationPropertyValue>>;
  readonly contentType: string | undefined;
  readonly subject: string | undefined;
  readonly lockToken: string;
}

/** What a handler may do with its message besides finishing (complete) or throwing (abandon). */
export interface MessageSettlement {
  /** Moves the message to the dead-letter queue now; the handler's outcome no longer matters. */
  deadLetter(reason: string, description?: string): void;
}

/** Processes one message; resolving completes it, throwing abandons it for immediate redelivery. */
export type BusHandler = (
  body: unknown,
  metadata: BusMessageMetadata,
  settlement: MessageSettlement,
) => unknown;

/** A message as {@link InProcessBus.peek} shows it. */
export interface PeekedBusMessage {
  readonly sequenceNumber: number;
  readonly messageId: string;
  readonly sessionId: string | undefined;
  readonly subject: string | undefined;
  readonly body: unknown;
  readonly applicationProperties: Readonly<Record<string, ApplicationPropertyValue>>;
  /** Deliveries so far (0 until first delivered). */
  readonly deliveryCount: number;
  readonly state: 'active' | 'in-flight';
  readonly deadLetterReason: string | undefined;
  readonly deadLetterErrorDescription: string | undefined;
}
