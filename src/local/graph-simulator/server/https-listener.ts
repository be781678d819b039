/**
 * The simulator's HTTPS listener: reads bodies (4 MB at most), sends `/v1.0/...` through the Graph pipeline,
 * `/_simulator/...` to the control API (loopback callers only) and everything else to the fake authority.
 * Any unexpected exception becomes a 500 `generalException`; the process never crashes on a request.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../../../app/ports.js';
import type { LocalCertificate } from '../../tls/local-certificate.js';
import type { AuthorityReply } from './authority/authority-error.js';
import type { ControlReply } from './control/control-routes.js';
import type { GraphReply } from './graph-exchange.js';
import { finalizeReply, graphJsonContentType, jsonReply } from './graph-exchange.js';
import { invalidJson, lowerCaseHeaders, parseJson, readBody, tooLarge } from './incoming-request.js';

/** Handlers the listener dispatches to, bound after the port is known. */
export interface ListenerHandlers {
  /** A Graph call: method, path after `/v1.0`, query, lower-case headers, parsed JSON body. */
  graph(call: {
    method: string;
    path: string;
    query: URLSearchParams;
    headers: Record<string, string>;
    body: unknown;
  }): Promise<GraphReply>;
  authority(method: string, segments: readonly string[], body: string): Promise<AuthorityReply | undefined>;
  control(method: string, segments: readonly string[], body: unknown): ControlReply;
  /** Artificial latency before a Graph call is handled. */
  latencyMs(): number;
}

/** A running listener. */
export interface HttpsListener {
  readonly port: number;
  /** Stops accepting and closes every connection; safe to call twice. */
  close(): Promise<void>;
}

/** Starts listening on `host:port` (0 = a random free port). */
export async function startHttpsListener(
  certificate: LocalCertificate,
  host: string,
  port: number,
  handlers: () => ListenerHandlers,
  logger: Logger,
): Promise<HttpsListener> {
  const server: Server = createServer({ cert: certificate.certPem, key: certificate.keyPem }, (req, res) => {
    handle(req, res, handlers(), logger).catch((error: unknown) => {
      logger.error('Graph simulator failed to answer a request', {
        method: req.method,
        error: error instanceof Error ? error.message : 'non-Error thrown',
      });
      if (!res.headersSent)
        writeJson(res, 500, { error: { code: 'generalException', message: 'Unexpected error.' } });
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  let closing: Promise<void> | undefined;
  return {
    port: (server.address() as AddressInfo).port,
    close: () => {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

async function handle(
  req: IncomingMessage,
  res: ServerResponse,
  handlers: ListenerHandlers,
  logger: Logger,
): Promise<void> {
  const method = (req.method ?? 'GET').toUpperCase();
  const url = new URL(req.url ?? '/', 'https://localhost');
  const segments = url.pathname.split('/').filter((s) => s !== '');
  const headers = lowerCaseHeaders(req);
  const body = await readBody(req);
  const [first = ''] = segments;

  if (first.toLowerCase() === 'v1.0') {
    const path = url.pathname.replace(/^\/v1\.0/i, '');
    let reply: GraphReply;
    if (body === tooLarge) {
      reply = finalizeReply(
        graphErrorReply(413, 'RequestEntityTooLarge', 'The request body exceeds the 4 MB limit.'),
        headers,
      );
    } else {
      const parsed = parseJson(body);
      if (parsed === invalidJson) {
        reply = finalizeReply(
          graphErrorReply(
            400,
            'BadRequest',
            'Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.',
          ),
          headers,
        );
      } else {
        const latency = handlers.latencyMs();
        if (latency > 0) await new Promise((resolve) => setTimeout(resolve, latency));
        reply = await handlers.graph({ method, path, query: url.searchParams, headers, body: parsed });
      }
    }
    writeGraphReply(res, reply);
    return;
  }

  if (first === '_simulator') {
    if (!isLoopback(req.socket.remoteAddress)) {
      writeJson(res, 403, {
        error: { code: 'Forbidden', message: 'The control API answers loopback callers only.' },
      });
      return;
    }
    if (body === tooLarge) {
      writeJson(res, 413, {
        error: { code: 'RequestEntityTooLarge', message: 'The request body exceeds 4 MB.' },
      });
      return;
    }
    const parsed = parseJson(body);
    if (parsed === invalidJson) {
      writeJson(res, 400, { error: { code: 'BadRequest', message: 'The request body is not valid JSON.' } });
      return;
    }
    const reply = handlers.control(method, segments.slice(1), parsed);
    writeJson(res, reply.status, reply.body);
    return;
  }

  const reply = body === tooLarge ? undefined : await handlers.authority(method, segments, body);
  if (reply === undefined) {
    logger.debug('Graph simulator: no handler', { method, path: url.pathname });
    writeJson(res, body === tooLarge ? 413 : 404, {
      error: { code: 'NotFound', message: `Nothing is served at ${url.pathname}.` },
    });
    return;
  }
  writeJson(res, reply.status, reply.body);
}

function graphErrorReply(status: number, code: string, message: string): GraphReply {
  return jsonReply(status, { error: { code, message } });
}

function writeGraphReply(res: ServerResponse, reply: GraphReply): void {
  if (reply.body === undefined) {
    const { 'Content-Type': _contentType, ...headers } = reply.headers;
    res.writeHead(reply.status, headers).end();
    return;
  }
  res
    .writeHead(reply.status, { 'Content-Type': graphJsonContentType, ...reply.headers })
    .end(JSON.stringify(reply.body));
}

function writeJson(res: ServerResponse, status: number, body: unknown): void {
  if (body === undefined) {
    res.writeHead(status, { 'Cache-Control': 'no-store' }).end();
    return;
  }
  res
    .writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' })
    .end(JSON.stringify(body));
}

function isLoopback(address: string | undefined): boolean {
  return address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1';
}
