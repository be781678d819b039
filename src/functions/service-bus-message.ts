import type { InvocationContext } from '@azure/functions';
import type { z } from 'zod';

/** The trigger metadata xtsync reads (the host camel-cases the keys). */
export interface MessageMetadata {
  readonly messageId: string;
  readonly deliveryCount: number;
}

/** Reads messageId and deliveryCount from the Service Bus trigger metadata. */
export function messageMetadata(context: InvocationContext): MessageMetadata {
  const metadata = context.triggerMetadata ?? {};
  const messageId = typeof metadata.messageId === 'string' ? metadata.messageId : context.invocationId;
  const deliveryCount = typeof metadata.deliveryCount === 'number' ? metadata.deliveryCount : 1;
  return { messageId, deliveryCount };
}

/**
 * Validates a message body (the host gives JSON bodies parsed, anything else as text or bytes) with
 * `schema`; on failure returns a reason naming the first invalid field.
 */
export function parseMessageBody<T>(
  body: unknown,
  schema: z.ZodType<T>,
): { ok: true; value: T } | { ok: false; reason: string } {
  let data = body;
  if (typeof body === 'string' || body instanceof Uint8Array) {
    try {
      data = JSON.parse(typeof body === 'string' ? body : Buffer.from(body).toString('utf8'));
    } catch {
      return { ok: false, reason: 'The message body is not JSON.' };
    }
  }
  const parsed = schema.safeParse(data);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issue = parsed.error.issues[0];
  return {
    ok: false,
    reason: `Invalid message at '${issue?.path.join('.') ?? ''}': ${issue?.message ?? 'unknown problem'}`,
  };
}
