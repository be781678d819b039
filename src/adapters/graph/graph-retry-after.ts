/**
 * Reading Graph's `Retry-After` header, which real Graph sends as (possibly fractional) seconds and
 * HTTP allows as a date.
 */

/**
 * Converts a `Retry-After` value to milliseconds to wait; undefined when the value is absent or unreadable.
 *
 * @param value - The header value: seconds (`"2"`, `"2.128"`) or an HTTP date.
 * @param nowMs - The current time, for the date form.
 * @returns Whole milliseconds, never negative (a date in the past means "now").
 */
export function parseRetryAfter(
  value: string | null | undefined,
  nowMs: number = Date.now(),
): number | undefined {
  if (value === null || value === undefined) return undefined;
  const text = value.trim();
  if (text === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.ceil(Number(text) * 1000);
  // Only an HTTP date contains letters; this keeps "-1" or "1e3" from being read as dates.
  if (!/[a-z]/i.test(text)) return undefined;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - nowMs);
}

/** Reads a header case-insensitively from a fetch `Headers` object or a plain record (`$batch` items). */
export function readHeader(
  headers: Headers | Readonly<Record<string, unknown>> | undefined,
  name: string,
): string | undefined {
  if (headers === undefined) return undefined;
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === wanted && typeof value === 'string') return value;
  }
  return undefined;
}
