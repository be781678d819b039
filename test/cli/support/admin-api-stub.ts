/**
 * A small stand-in for xtsync's admin HTTP API on 127.0.0.1 (random port): it records every request the CLI
 * sends (method, path, query, headers, body) and answers with whatever the test's handler returns.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as the stub received it. */
export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** The stub's answer: a status and a JSON body (or raw text). */
export interface StubAnswer {
  readonly status: number;
  readonly json?: unknown;
  readonly text?: string;
}

/** Decides the answer to a request. */
export type StubHandler = (request: RecordedRequest) => StubAnswer;

/** A running stub. */
export interface AdminApiStub {
  readonly url: string;
  readonly requests: RecordedRequest[];
  /** Replaces the handler (each test sets its own). */
  handle(handler: StubHandler): void;
  close(): Promise<void>;
}

/** Starts the stub; every request is answered 500 until a handler is set. */
export async function startAdminApiStub(): Promise<AdminApiStub> {
  let handler: StubHandler = () => ({
    status: 500,
    json: { error: { code: 'STUB', message: 'no handler' } },
  });
  const requests: RecordedRequest[] = [];
  const server: Server = createServer((incoming, response) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const url = new URL(incoming.url ?? '/', 'http://127.0.0.1');
      const request: RecordedRequest = {
        method: incoming.method ?? 'GET',
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        headers: incoming.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(request);
      const answer = handler(request);
      const body = answer.text ?? JSON.stringify(answer.json ?? null);
      response.writeHead(answer.status, {
        'content-type': answer.text === undefined ? 'application/json' : 'text/plain',
      });
      response.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    handle: (next) => {
      handler = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  };
}

/** A loopback URL where nothing listens (a port that was free a moment ago). */
export async function unusedLoopbackUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) =>
    server.close(() => {
      resolve();
    }),
  );
  return `http://127.0.0.1:${port}`;
}
