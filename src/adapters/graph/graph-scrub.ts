/**
 * Makes remote error text safe to put in a SyncError message: no tokens, secrets or client states, one
 * line, bounded length.
 */

const maxLength = 300;

const patterns: readonly [RegExp, string][] = [
  // JWTs (access tokens, client assertions) start with a base64url JSON header: `eyJ`.
  [/eyJ[\w-]*\.[\w-]*\.[\w-]*/g, '[token]'],
  [/(bearer\s+)\S+/gi, '$1[token]'],
  [
    /((?:client_secret|client_assertion|clientState|access_token)["']?\s*[=:]\s*["']?)[^\s&"',}]+/gi,
    '$1[redacted]',
  ],
];

/**
 * Returns `text` with known secrets and anything token-like replaced, on one line and at most 300 chars.
 *
 * @param text - Text from a remote service or a library error.
 * @param redact - Exact values that must not appear (client states, secrets); empty strings are ignored.
 */
export function scrubText(text: string, redact: readonly string[] = []): string {
  let result = text;
  for (const value of redact) {
    if (value.length > 0) result = result.split(value).join('[redacted]');
  }
  for (const [pattern, replacement] of patterns) result = result.replace(pattern, replacement);
  result = result.replace(/\s+/g, ' ').trim();
  return result.length > maxLength ? `${result.slice(0, maxLength - 1)}…` : result;
}
