/**
 * A second Graph subscriber on the source tenant, to time "notification received" without touching the
 * product: the simulator sends the same change to every subscription's URL in the same flush, so when this
 * loopback listener receives a user's notification is when xtsync's webhook received it (within the
 * parallel POSTs' jitter, about a millisecond on loopback).
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Client } from '@microsoft/microsoft-graph-client';
import { z } from 'zod';

/** A running tap. */
export interface NotificationTap {
  /** Wall-clock times (ms) at which notifications about `userId` arrived, oldest first. */
  receivedAt(userId: string): readonly number[];
  /** Deletes the subscription and closes the listener; idempotent. */
  close(): Promise<void>;
}

const notificationsSchema = z.object({
  value: z.array(
    z.looseObject({
      clientState: z.string().nullish(),
      resourceData: z.looseObject({ id: z.string() }).optional(),
    }),
  ),
});
const subscriptionSchema = z.looseObject({ id: z.string().min(1) });
const maxBodyBytes = 1024 * 1024;

/**
 * Listens on a free loopback port and subscribes to `users` changes of the client's tenant.
 *
 * @throws Error when the subscription cannot be created (the listener is closed again).
 */
export async function startNotificationTap(admin: Client): Promise<NotificationTap> {
  const clientState = randomBytes(24).toString('base64url');
  const arrivals = new Map<string, number[]>();
  const server = createServer((request, response) => {
    void handle(request, response, clientState, arrivals);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const closeServer = (): Promise<void> =>
    new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => {
        resolve();
      });
    });
  const { port } = server.address() as AddressInfo;
  let subscriptionId: string;
  try {
    const created: unknown = await admin.api('/subscriptions').post({
      changeType: 'updated,deleted',
      resource: 'users',
      notificationUrl: `http://127.0.0.1:${port}/notifications`,
      expirationDateTime: new Date(Date.now() + 3_600_000).toISOString(),
      clientState,
    });
    subscriptionId = subscriptionSchema.parse(created).id;
  } catch (error) {
    await closeServer();
    throw new Error(
      `The bench could not subscribe its notification tap: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  let closing: Promise<void> | undefined;
  return {
    receivedAt: (userId) => arrivals.get(userId.toLowerCase()) ?? [],
    close: () =>
      (closing ??= (async () => {
        await admin
          .api(`/subscriptions/${subscriptionId}`)
          .delete()
          .catch(() => undefined);
        await closeServer();
      })()),
  };
}

async function handle(
  request: IncomingMessage,
  response: ServerResponse,
  clientState: string,
  arrivals: Map<string, number[]>,
): Promise<void> {
  const at = Date.now();
  const url = new URL(request.url ?? '/', 'http://127.0.0.1');
  const token = url.searchParams.get('validationToken');
  if (token !== null) {
    response.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end(token);
    return;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBodyBytes) {
      response.writeHead(413).end();
      return;
    }
    chunks.push(chunk);
  }
  let parsed: z.infer<typeof notificationsSchema>;
  try {
    parsed = notificationsSchema.parse(JSON.parse(Buffer.concat(chunks).toString('utf8')));
  } catch {
    response.writeHead(400).end();
    return;
  }
  for (const item of parsed.value) {
    const userId = item.resourceData?.id.toLowerCase();
    if (item.clientState !== clientState || userId === undefined) continue;
    const times = arrivals.get(userId) ?? [];
    times.push(at);
    arrivals.set(userId, times);
  }
  response.writeHead(202).end();
}
