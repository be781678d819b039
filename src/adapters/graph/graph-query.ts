/**
 * Building Graph URLs safely. The Graph client passes query values through unencoded, so a `#` would
 * start a fragment and an `&` a new parameter: values are OData-quoted and percent-encoded here.
 */

/** Quotes a string as an OData literal: single quotes doubled (`O'Brien` → `'O''Brien'`). */
export function odataString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/** Percent-encodes a whole query value (`#` → `%23`, `&` → `%26`, space → `%20`, `+` → `%2B`). */
export function queryValue(value: string): string {
  return encodeURIComponent(value);
}

/** `/users/{id}` with the id percent-encoded, so UPNs with `#EXT#` reach Graph whole. */
export function userPath(idOrUserPrincipalName: string): string {
  return `/users/${encodeURIComponent(idOrUserPrincipalName)}`;
}

/** `$filter=<attribute> eq '<value>'`, ready for the Graph client's `.filter()`. */
export function equalsFilter(attribute: string, value: string): string {
  return queryValue(`${attribute} eq ${odataString(value)}`);
}

/**
 * The filter matching a user whose `mail` or any `otherMails` entry equals `email`: both are indexed for
 * `eq` and `any()`, and `or` of them is a default (non-advanced) query.
 */
export function mailFilter(email: string): string {
  const literal = odataString(email);
  return queryValue(`mail eq ${literal} or otherMails/any(x:x eq ${literal})`);
}

/** True when `link` can be followed with `client.api(link)` (the client strips only `https://` origins). */
export function isFollowableLink(link: string): boolean {
  try {
    return new URL(link).protocol === 'https:';
  } catch {
    return false;
  }
}
