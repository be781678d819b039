/**
 * A local HTTP endpoint that plays a webhook for the simulator's subscriptions: it answers validation
 * handshakes in a configurable way, records notification POSTs, and answers them with scripted statuses.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type HandshakeMode = 'echo' | 'echo-encoded' | 'json' | 'status-500' | 'hang';

export interface ReceivedPost {
  readonly path: string;
  readonly query: URLSearchParams;
  readonly body: { value: Record<string, unknown>[] };
  readonly at: number;
}

export interface NotificationReceiver {
  readonly baseUrl: string;
  /** Notification POSTs (validation requests excluded), in arrival order. */
  readonly posts: ReceivedPost[];
  /** Validation requests seen. */
  readonly validations: { path: string; rawQuery: string }[];
  handshake: HandshakeMode;
  /** Statuses for the next notification POSTs, consumed in order; 202 once empty. */
  readonly statuses: number[];
  /** Resolves when `predicate` holds (polled), rejects after `timeoutMs`. */
  waitFor(predicate: () => boolean, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export async function startNotificationReceiver(): Promise<NotificationReceiver> {
  const hanging = new Set<() => void>();
  const receiver: Omit<NotificationReceiver, 'baseUrl' | 'close' | 'waitFor'> = {
    posts: [],
    validations: [],
    handshake: 'echo',
    statuses: [],
  };
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const token = url.searchParams.get('validationToken');
      if (token !== null) {
        receiver.validations.push({ path: url.pathname, rawQuery: url.search });
        switch (receiver.handshake) {
          case 'echo':
            res.writeHead(200, { 'Content-Type': 'text/plain' }).end(token);
            return;
          case 'echo-encoded':
            res.writeHead(200, { 'Content-Type': 'text/plain' }).end(encodeURIComponent(token));
            return;
          case 'json':
            res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(token));
            return;
          case 'status-500':
            res.writeHead(500).end();
            return;
          case 'hang':
            hanging.add(() => res.destroy());
            return;
        }
      }
      const text = Buffer.concat(chunks).toString('utf8');
      receiver.posts.push({
        path: url.pathname,
        query: url.searchParams,
        body: JSON.parse(text) as ReceivedPost['body'],
        at: Date.now(),
      });
      res.writeHead(receiver.statuses.shift() ?? 202).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(receiver, {
    baseUrl: `http://127.0.0.1:${port}`,
    waitFor: async (predicate: () => boolean, timeoutMs = 5_000) => {
      const deadline = Date.now() + timeoutMs;
      while (!predicate()) {
        if (Date.now() > deadline) throw new Error('condition not met in time');
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
    close: async () => {
      for (const release of hanging) release();
      server.closeAllConnections();
      await new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
      });
    },
  });
}
