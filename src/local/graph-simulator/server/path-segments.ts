/**
 * Splits a Graph path into decoded segments the way Graph reads them: each segment is percent-decoded on
 * its own (so an encoded `/` or `#` stays inside its segment), and the OData key form `users('…')` becomes
 * two segments.
 */
import { graphError } from './graph-exchange.js';

const keyForm = /^([^(]+)\('((?:[^']|'')*)'\)$/;
const functionForm = /^([^(]+)\(\)$/;

/**
 * Returns the decoded, non-empty segments of `path` (which excludes the version segment).
 *
 * @throws GraphHttpError 400 when a segment has a malformed percent-escape.
 */
export function toPathSegments(path: string): string[] {
  const segments: string[] = [];
  for (const raw of path.split('/')) {
    if (raw === '') continue;
    const decoded = decodeSegment(raw);
    const key = keyForm.exec(decoded);
    const fn = functionForm.exec(decoded);
    if (key?.[1] !== undefined && key[2] !== undefined) {
      segments.push(key[1], key[2].replaceAll("''", "'"));
    } else if (fn?.[1] !== undefined) {
      // `delta()` is the function-call spelling of `delta`.
      segments.push(fn[1]);
    } else {
      segments.push(decoded);
    }
  }
  return segments;
}

function decodeSegment(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    throw graphError(400, 'BadRequest', `Bad Request - Invalid URL: the segment '${raw}' is not valid.`);
  }
}
