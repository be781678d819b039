/** Reading an incoming request: its body (bounded), its JSON, its headers. */
import type { IncomingMessage } from 'node:http';

/** Largest request body accepted (Graph's limit for JSON payloads). */
export const maxBodyBytes = 4 * 1024 * 1024;

/** What {@link readBody} returns for a body over {@link maxBodyBytes}. */
export const tooLarge = Symbol('tooLarge');

/** What {@link parseJson} returns for text that is not JSON. */
export const invalidJson = Symbol('invalidJson');

/** The body as text, or `tooLarge` once it passes the limit (the rest is drained so the client gets the 413). */
export async function readBody(req: IncomingMessage): Promise<string | typeof tooLarge> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size <= maxBodyBytes) chunks.push(buffer);
  }
  return size > maxBodyBytes ? tooLarge : Buffer.concat(chunks).toString('utf8');
}

/** The parsed JSON body, undefined for an empty body, or `invalidJson`. */
export function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return invalidJson;
  }
}

/** Request headers with lower-case names; repeated headers joined with `, `. */
export function lowerCaseHeaders(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}
