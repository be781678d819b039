/** Small readers for rhea's loosely typed messages and link termini. */
import rhea, { type Message } from 'rhea';

/** Decodes an encoded AMQP message (rhea's typings give the decoder a looser message type). */
export function decodeMessage(encoded: Buffer): Message {
  return rhea.message.decode(encoded) as unknown as Message;
}

/** The address of a link's source or target; rhea's typings promise one, but a peer may attach without. */
export function addressOf(terminus: unknown): string {
  const address: unknown = (terminus as { address?: unknown } | null | undefined)?.address;
  return typeof address === 'string' ? address : '';
}

/** The session id (AMQP `group_id`) of a message, if any. */
export function sessionOf(message: Message): string | undefined {
  const groupId: unknown = message.group_id;
  return typeof groupId === 'string' && groupId !== '' ? groupId : undefined;
}

/** A message body as a test wants to see it: JSON data sections parsed, other data as text. */
export function readableBody(body: unknown): unknown {
  const content: unknown = (body as { content?: unknown } | undefined)?.content;
  if (!Buffer.isBuffer(content)) return body;
  const text = content.toString('utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** A send the real service would refuse; the broker rejects the delivery (or request) with this condition. */
export class BrokerRejection extends Error {
  constructor(
    readonly condition: string,
    message: string,
  ) {
    super(message);
    this.name = 'BrokerRejection';
  }
}
