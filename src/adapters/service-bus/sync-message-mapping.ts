/**
 * How xtsync's two messages travel: body, message id (duplicate detection), session id (ordering),
 * application properties (routing) and subject. The Service Bus adapter and the in-process bus both send
 * exactly these messages, so the two transports are interchangeable.
 */
import type { z } from 'zod';
import {
  drainMessageId,
  drainRequestSchema,
  drainSessionId,
  targetChangeMessageId,
  targetChangeSchema,
  targetChangeSessionId,
  type DrainRequest,
  type TargetChange,
} from '../../app/messages.js';
import { SyncError } from '../../core/sync-errors.js';

/** A message ready to send: the fields of the SDK's `ServiceBusMessage` that xtsync sets. */
export interface OutgoingSyncMessage {
  readonly body: DrainRequest | TargetChange;
  readonly messageId: string;
  readonly sessionId: string;
  /** camelCase keys: the Functions host camel-cases trigger metadata, keys of these included. */
  readonly applicationProperties: Readonly<Record<string, string>>;
  readonly contentType: 'application/json';
  /** The message kind (`drain`, `upsert`, `remove`), for people reading a queue in the portal. */
  readonly subject: 'drain' | TargetChange['kind'];
}

/**
 * Maps a drain request to its message: session = source tenant, message id from {@link drainMessageId},
 * `sourceTenantId` as an application property.
 *
 * @throws SyncError MESSAGE.INVALID when the request does not satisfy its schema (never sent half-valid).
 */
export function toDrainMessage(request: DrainRequest): OutgoingSyncMessage {
  const body = validate(drainRequestSchema, request, 'drain request');
  return {
    body,
    messageId: drainMessageId(body),
    sessionId: drainSessionId(body),
    applicationProperties: { sourceTenantId: body.sourceTenantId.toLowerCase() },
    contentType: 'application/json',
    subject: 'drain',
  };
}

/**
 * Maps a target change to its message: session = `<syncId>:<sourceUserId>`, message id from
 * {@link targetChangeMessageId}, and `targetTenantId` (lower-case, what each subscription's correlation
 * filter matches) and `syncId` as application properties.
 *
 * @throws SyncError MESSAGE.INVALID when the change does not satisfy its schema.
 */
export function toTargetChangeMessage(change: TargetChange): OutgoingSyncMessage {
  const body = validate(targetChangeSchema, change, 'target change');
  return {
    body,
    messageId: targetChangeMessageId(body),
    sessionId: targetChangeSessionId(body),
    applicationProperties: { targetTenantId: body.targetTenantId.toLowerCase(), syncId: body.syncId },
    contentType: 'application/json',
    subject: body.kind,
  };
}

function validate<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue === undefined || issue.path.length === 0 ? '' : ` at ${issue.path.join('.')}`;
  throw new SyncError(
    'MESSAGE.INVALID',
    `Refusing to send an invalid ${what}${where}: ${issue?.message ?? ''}`,
    {
      cause: result.error,
    },
  );
}
