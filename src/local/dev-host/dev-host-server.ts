/**
 * The local Functions host's HTTP side: serves every HTTP function definition at
 * `http://127.0.0.1:<port>/api/<route>` with the auth levels the Azure host enforces (function and admin
 * levels need the key in `x-functions-key` or `?code=`).
 */
import { randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { InvocationContext } from './functions-runtime.js';
import type { Logger } from '../../app/ports.js';
import type { HttpFunctionDefinition } from '../../functions/function-definition.js';
import { RequestTooLargeError, toHttpRequest, writeHttpResponse } from './http-bridge.js';
import { invocationLogHandler } from './invocation-log-handler.js';
import { compileRouteTemplate, type RouteTemplate } from './route-template.js';

export interface DevHostServerOptions {
  readonly definitions: readonly HttpFunctionDefinition[];
  /** Key accepted for `function` and `admin` auth levels. */
  readonly adminKey: string;
  readonly port?: number;
  readonly host?: string;
  readonly logger: Logger;
}

export interface DevHostServer {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

interface Route {
  readonly definition: HttpFunctionDefinition;
  readonly template: RouteTemplate;
}

/** Starts the HTTP listener; resolves once it accepts connections. */
export async function startDevHostServer(options: DevHostServerOptions): Promise<DevHostServer> {
  const routes: Route[] = options.definitions.map((definition) => ({
    definition,
    template: compileRouteTemplate(definition.route),
  }));
  const server: Server = createServer((incoming, response) => {
    const url = new URL(incoming.url ?? '/', `http://${incoming.headers.host ?? '127.0.0.1'}`);
    void (async () => {
      try {
        if (!url.pathname.startsWith('/api/')) {
          writeHttpResponse(response, { status: 404, jsonBody: { error: 'Not found' } });
          return;
        }
        const path = url.pathname.slice('/api/'.length);
        const method = (incoming.method ?? 'GET').toUpperCase();
        const candidates = routes
          .map((route) => ({ route, params: route.template.match(path) }))
          .filter((candidate) => candidate.params !== undefined);
        const found = candidates.find((candidate) =>
          (candidate.route.definition.methods as readonly string[]).includes(method),
        );
        if (!found?.params) {
          writeHttpResponse(response, {
            status: candidates.length > 0 ? 405 : 404,
            jsonBody: { error: candidates.length > 0 ? 'Method not allowed' : 'Not found' },
          });
          return;
        }
        const { definition } = found.route;
        if (definition.authLevel !== 'anonymous' && !hasValidKey(incoming.headers, url, options.adminKey)) {
          writeHttpResponse(response, {
            status: 401,
            jsonBody: { error: 'A valid function key is required.' },
          });
          return;
        }
        const request = await toHttpRequest(incoming, url, found.params);
        const context = new InvocationContext({
          invocationId: randomUUID(),
          functionName: definition.name,
          logHandler: invocationLogHandler(options.logger.child({ function: definition.name })),
        });
        writeHttpResponse(response, await definition.handler(request, context));
      } catch (error) {
        if (error instanceof RequestTooLargeError) {
          writeHttpResponse(response, { status: 413, jsonBody: { error: error.message } });
          return;
        }
        options.logger.error('Unhandled error in HTTP function', {
          path: url.pathname,
          error: error instanceof Error ? error.name : 'unknown',
        });
        if (!response.headersSent)
          writeHttpResponse(response, { status: 500, jsonBody: { error: 'Internal error' } });
        else response.end();
      }
    })();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 7071, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  let closed: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close: () => {
      closed ??= new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
        server.closeAllConnections();
      });
      return closed;
    },
  };
}

function hasValidKey(
  headers: Record<string, string | string[] | undefined>,
  url: URL,
  adminKey: string,
): boolean {
  const header = headers['x-functions-key'];
  const given = (Array.isArray(header) ? header[0] : header) ?? url.searchParams.get('code') ?? '';
  const a = Buffer.from(given);
  const b = Buffer.from(adminKey);
  return a.length === b.length && timingSafeEqual(a, b);
}
