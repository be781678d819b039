/** Object ids: random GUIDs, from an injectable random source so tests and demos can be deterministic. */
import { randomUUID } from 'node:crypto';

function format(hex: string): string {
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${'89ab'[Number.parseInt(hex.charAt(16), 16) % 4] ?? '8'}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** Returns a generator of lower-case version-4 GUIDs; with `random`, the GUIDs follow from its numbers. */
export function createIdGenerator(random?: () => number): () => string {
  if (random === undefined) return () => randomUUID();
  return () => {
    let hex = '';
    while (hex.length < 32)
      hex += Math.floor(random() * 0x10000)
        .toString(16)
        .padStart(4, '0');
    return format(hex);
  };
}

function fnv1a(text: string, seed: number): number {
  let hash = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/** A GUID derived from `key` alone (the same key always gives the same id). */
export function deterministicId(key: string): string {
  const hex = [0x811c9dc5, 0x1b873593, 0x85ebca6b, 0xc2b2ae35]
    .map((seed) => fnv1a(key, seed).toString(16).padStart(8, '0'))
    .join('');
  return format(hex);
}
