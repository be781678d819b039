/**
 * Absolute links and `@odata.context` values. The Graph JS client only strips scheme, host and version from
 * links that start with `https://`, so every link the simulator emits is absolute on its public base URL.
 */

/**
 * An absolute v1.0 link: `{baseUrl}/v1.0{path}?{params}` with `$` kept literal and values percent-encoded
 * (tokens stay URL-safe because the client passes query strings through unchanged).
 */
export function absoluteLink(
  baseUrl: string,
  path: string,
  params: readonly (readonly [string, string])[],
): string {
  const query = params.map(([name, value]) => `${name}=${encodeURIComponent(value)}`).join('&');
  return `${baseUrl}/v1.0${path}${query === '' ? '' : `?${query}`}`;
}

/** The query parameters of `query` except those named (case-insensitive, with or without `$`). */
export function paramsWithout(query: URLSearchParams, ...names: string[]): [string, string][] {
  const dropped = new Set(names.flatMap((name) => [`$${name}`, name].map((n) => n.toLowerCase())));
  return [...query].filter(([key]) => !dropped.has(key.toLowerCase()));
}

/** `{baseUrl}/v1.0/$metadata#{fragment}`, with the selected properties in parentheses when given. */
export function odataContext(
  baseUrl: string,
  entitySet: string,
  select?: readonly string[],
  suffix = '',
): string {
  const projection = select !== undefined && select.length > 0 ? `(${select.join(',')})` : '';
  return `${baseUrl}/v1.0/$metadata#${entitySet}${projection}${suffix}`;
}

/**
 * Makes a `Location` header from the engine absolute: `/v1.0/…`, `/users/…` and `users/…` all resolve
 * against the simulator's v1.0 root; absolute URLs are kept.
 */
export function absoluteLocation(baseUrl: string, location: string): string {
  if (/^https?:\/\//i.test(location)) return location;
  if (/^\/?v1\.0\//i.test(location)) return `${baseUrl}/${location.replace(/^\//, '')}`;
  return `${baseUrl}/v1.0/${location.replace(/^\//, '')}`;
}

/** `object` with `@odata.context` first and set to `context` (any context the engine put there is replaced). */
export function withContext(
  context: string,
  object: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  const { '@odata.context': _ignored, ...rest } = object;
  return { '@odata.context': context, ...rest };
}
