/**
 * A scriptable HTTPS stub of Entra's token endpoint and Graph v1.0 on 127.0.0.1 (test certificate, random
 * port), for shaping exact responses (410, inner batch 429s, odd bodies) that the adapters must handle.
 * Tests set `graph` (and optionally `token`) to answer; every request is recorded.
 */
import { createServer, type Server } from 'node:https';
import type { IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readTestCertificate } from '../../support/test-certificate.js';

/** A request the stub received. `rawUrl` is exactly what the client sent (path + query, still encoded). */
export interface StubRequest {
  readonly method: string;
  readonly rawUrl: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  readonly body: unknown;
}

/** What the stub answers: JSON `body` with Content-Type application/json unless `headers` say otherwise. */
export interface StubResponse {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: unknown;
}

/** A running stub: its URLs, what it received, and the handlers a test swaps to shape answers. */
export interface GraphStub {
  /** `https://localhost:<port>/`, for `graphBaseUrl`. */
  readonly baseUrl: string;
  /** `https://localhost:<port>`, for `authorityHost`. */
  readonly authorityHost: string;
  readonly graphRequests: StubRequest[];
  readonly tokenRequests: { readonly tenant: string; readonly form: URLSearchParams }[];
  /** Answers Graph requests (path without `/v1.0`); default 404 `Request_ResourceNotFound`. */
  graph: (request: StubRequest) => StubResponse;
  /** Answers token requests; default a fresh bearer token valid for an hour. */
  token: (tenant: string, form: URLSearchParams) => StubResponse;
  reset(): void;
  close(): Promise<void>;
}

/** A Graph error envelope as real Graph sends it. */
export function graphError(
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
): StubResponse {
  return {
    status,
    headers,
    body: {
      error: {
        code,
        message,
        innerError: { date: '2025-01-01T00:00:00', 'request-id': 'req-1', 'client-request-id': 'c-1' },
      },
    },
  };
}

/** Starts the stub; close it in `afterAll`. */
export async function startGraphStub(): Promise<GraphStub> {
  const { certPem, keyPem } = await readTestCertificate();
  let tokenCount = 0;
  const defaultGraph = (): StubResponse =>
    graphError(404, 'Request_ResourceNotFound', 'Resource does not exist.');
  const defaultToken = (): StubResponse => {
    tokenCount += 1;
    return {
      status: 200,
      body: {
        token_type: 'Bearer',
        expires_in: 3599,
        ext_expires_in: 3599,
        access_token: `stub-token-${tokenCount}`,
      },
    };
  };
  const server: Server = createServer({ cert: certPem, key: keyPem }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const url = new URL(req.url ?? '/', 'https://localhost');
      const answer = route(req.method ?? 'GET', req.url ?? '/', url, req.headers, text);
      const isJson = answer.body !== undefined;
      res.writeHead(answer.status, {
        ...(isJson ? { 'Content-Type': 'application/json' } : {}),
        'request-id': 'req-1',
        ...answer.headers,
      });
      res.end(isJson ? JSON.stringify(answer.body) : undefined);
    });
  });
  const route = (
    method: string,
    rawUrl: string,
    url: URL,
    headers: IncomingHttpHeaders,
    text: string,
  ): StubResponse => {
    const origin = stub.authorityHost;
    const openId = /^\/([^/]+)\/v2\.0\/\.well-known\/openid-configuration$/.exec(url.pathname);
    if (openId?.[1] !== undefined) {
      const tenant = openId[1];
      return {
        status: 200,
        body: {
          issuer: `${origin}/${tenant}/v2.0`,
          authorization_endpoint: `${origin}/${tenant}/oauth2/v2.0/authorize`,
          token_endpoint: `${origin}/${tenant}/oauth2/v2.0/token`,
          jwks_uri: `${origin}/${tenant}/discovery/v2.0/keys`,
        },
      };
    }
    const token = /^\/([^/]+)\/oauth2\/v2\.0\/token$/.exec(url.pathname);
    if (token?.[1] !== undefined && method === 'POST') {
      const form = new URLSearchParams(text);
      stub.tokenRequests.push({ tenant: token[1], form });
      return stub.token(token[1], form);
    }
    if (url.pathname.startsWith('/v1.0/')) {
      let body: unknown = text;
      try {
        body = text === '' ? undefined : JSON.parse(text);
      } catch {
        // Not JSON: keep the text.
      }
      const request: StubRequest = {
        method,
        rawUrl: rawUrl.slice('/v1.0'.length),
        path: url.pathname.slice('/v1.0'.length),
        query: url.searchParams,
        headers,
        body,
      };
      stub.graphRequests.push(request);
      return stub.graph(request);
    }
    return { status: 404, body: { error: 'not_found' } };
  };
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const stub: GraphStub = {
    baseUrl: `https://localhost:${port}/`,
    authorityHost: `https://localhost:${port}`,
    graphRequests: [],
    tokenRequests: [],
    graph: defaultGraph,
    token: defaultToken,
    reset() {
      stub.graphRequests.length = 0;
      stub.tokenRequests.length = 0;
      stub.graph = defaultGraph;
      stub.token = defaultToken;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  };
  return stub;
}
