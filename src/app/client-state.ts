import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A new random client state for a Graph subscription (URL-safe, 43 characters, under Graph's 128 limit). */
export function newClientState(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Compares a received client state with the subscription's own in constant time. Both are hashed first so
 * that neither their content nor their length leaks through timing.
 */
export function isSameClientState(received: string | undefined, expected: string): boolean {
  if (received === undefined) return false;
  const a = createHash('sha256').update(received).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}
