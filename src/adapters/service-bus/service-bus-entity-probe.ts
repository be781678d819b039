/**
 * {@link BusEntityProbe} on the real Service Bus SDK, for `xtsync doctor`: proves an entity exists and the
 * identity may use it by opening the links the functions open — a sender (queue, topic) and a session
 * receiver (queue, subscription) — and closing them again, without sending or receiving a message.
 */
import { randomUUID } from 'node:crypto';
import { isServiceBusError, type ServiceBusClient } from '@azure/service-bus';
import {
  busEntityPath,
  type BusEntity,
  type BusEntityProbe,
  type ProbeResult,
} from '../../app/doctor-ports.js';

/** Options for {@link createServiceBusEntityProbe}. */
export interface ServiceBusEntityProbeOptions {
  /** How long the links of one entity may take to open, retries included. Default 10 s. */
  readonly timeoutMs?: number;
}

/**
 * Builds the probe on the process's client (it is not closed here). The session receiver locks a fresh,
 * empty session (`xtsync-doctor-<uuid>`) for a moment, so no real session is ever taken from a function.
 */
export function createServiceBusEntityProbe(
  client: ServiceBusClient,
  { timeoutMs = 10_000 }: ServiceBusEntityProbeOptions = {},
): BusEntityProbe {
  const openSender = async (name: string, abortSignal: AbortSignal): Promise<void> => {
    const sender = client.createSender(name);
    try {
      // A batch needs the link's maximum message size, so this attaches the send link without sending.
      await sender.createMessageBatch({ abortSignal });
    } finally {
      await sender.close();
    }
  };
  const openSessionReceiver = async (entity: BusEntity, abortSignal: AbortSignal): Promise<void> => {
    const sessionId = `xtsync-doctor-${randomUUID()}`;
    const receiver =
      entity.kind === 'subscription'
        ? await client.acceptSession(entity.topicName, entity.subscriptionName, sessionId, { abortSignal })
        : await client.acceptSession(busEntityPath(entity), sessionId, { abortSignal });
    await receiver.close();
  };

  return {
    async probeEntity(entity): Promise<ProbeResult> {
      const abortSignal = AbortSignal.timeout(timeoutMs);
      const path = busEntityPath(entity);
      try {
        switch (entity.kind) {
          case 'queue':
            await openSender(entity.name, abortSignal);
            await openSessionReceiver(entity, abortSignal);
            return { ok: true, detail: `Opened a sender and a session receiver on queue ${path}.` };
          case 'topic':
            await openSender(entity.name, abortSignal);
            return { ok: true, detail: `Opened a sender on topic ${path}.` };
          case 'subscription':
            await openSessionReceiver(entity, abortSignal);
            return { ok: true, detail: `Opened a session receiver on subscription ${path}.` };
        }
      } catch (error) {
        return toProbeFailure(error, path, abortSignal.aborted, timeoutMs);
      }
    },
  };
}

function toProbeFailure(error: unknown, path: string, timedOut: boolean, timeoutMs: number): ProbeResult {
  if (timedOut) {
    return {
      ok: false,
      problem: 'unreachable',
      message: `Service Bus did not open ${path} within ${timeoutMs / 1000} s.`,
    };
  }
  if (isServiceBusError(error)) {
    const said = firstSentence(error.message);
    if (error.code === 'MessagingEntityNotFound') {
      return { ok: false, problem: 'missing', message: `Service Bus has no entity ${path} (${said}).` };
    }
    if (error.code === 'SessionCannotBeLocked') {
      // Nobody else can hold the probe's fresh session id: the entity refused the session link itself, which
      // is what Service Bus does when it has no such entity, or one without sessions.
      return {
        ok: false,
        problem: 'missing',
        message: `Service Bus would not open a session on ${path}: it does not exist or does not use sessions.`,
      };
    }
    if (error.code === 'UnauthorizedAccess') {
      return { ok: false, problem: 'forbidden', message: `Service Bus refused access to ${path} (${said}).` };
    }
    return {
      ok: false,
      problem: 'unreachable',
      message: `Service Bus failed on ${path}: ${error.code} (${said}).`,
    };
  }
  const name = error instanceof Error ? error.name : 'unknown error';
  return { ok: false, problem: 'unreachable', message: `Could not open ${path} (${name}).` };
}

// The SDK's messages go on with tracking ids and links; the first sentence says what happened.
function firstSentence(text: string): string {
  const sentence = /^[^\n]*?[.!?](?=\s|$)/.exec(text)?.[0] ?? text;
  return sentence.length > 200 ? `${sentence.slice(0, 200)}…` : sentence;
}
