/**
 * Converts between Node's HTTP objects and the `@azure/functions` request/response types, so the dev host
 * calls the very handlers the Functions host calls, with the same request API.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HttpRequest as HttpRequestType, HttpResponseInit } from '@azure/functions';
import { HttpRequest } from './functions-runtime.js';

/** Largest request body the dev host reads; bigger ones are refused with 413 before any handler runs. */
export const maxRequestBodyBytes = 4 * 1024 * 1024;

export class RequestTooLargeError extends Error {}

/** Reads the body (bounded) and builds an HttpRequest with route params. */
export async function toHttpRequest(
  incoming: IncomingMessage,
  url: URL,
  params: Record<string, string>,
): Promise<HttpRequestType> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of incoming) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > maxRequestBodyBytes)
      throw new RequestTooLargeError(`request body over ${maxRequestBodyBytes} bytes`);
    chunks.push(buffer);
  }
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(incoming.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  const method = (incoming.method ?? 'GET').toUpperCase();
  const hasBody = method !== 'GET' && method !== 'HEAD' && size > 0;
  return new HttpRequest({
    method,
    url: url.toString(),
    headers,
    params,
    ...(hasBody ? { body: { bytes: new Uint8Array(Buffer.concat(chunks)) } } : {}),
  });
}

/** Writes a handler's HttpResponseInit to the Node response. */
export function writeHttpResponse(response: ServerResponse, init: HttpResponseInit): void {
  const headers = new Headers(init.headers);
  let body: string | Uint8Array | undefined;
  if (init.jsonBody !== undefined) {
    body = JSON.stringify(init.jsonBody);
    if (!headers.has('content-type')) headers.set('content-type', 'application/json; charset=utf-8');
  } else if (typeof init.body === 'string') {
    body = init.body;
    if (!headers.has('content-type')) headers.set('content-type', 'text/plain; charset=utf-8');
  } else if (init.body instanceof Uint8Array) {
    body = init.body;
  }
  headers.forEach((value, name) => {
    response.setHeader(name, value);
  });
  response.statusCode = init.status ?? 200;
  response.end(body);
}
