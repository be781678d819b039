/**
 * Opaque, URL-safe paging and delta tokens: base64url of a small JSON state, validated with zod when it
 * comes back. Clients must treat them as opaque (Graph's are), so the format may change freely.
 */
import type { z } from 'zod';

/** Encodes a token state as base64url text (safe in query strings without escaping). */
export function encodeToken(state: unknown): string {
  return Buffer.from(JSON.stringify(state), 'utf8').toString('base64url');
}

/** Decodes a token; undefined when it is not base64url JSON that matches `schema`. */
export function decodeToken<T>(token: string, schema: z.ZodType<T>): T | undefined {
  if (!/^[A-Za-z0-9_-]+$/.test(token)) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  const result = schema.safeParse(json);
  return result.success ? result.data : undefined;
}
