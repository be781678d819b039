/** The 400 error for a `$filter` that cannot be parsed, naming the position and what was wrong there. */
import type { GraphHttpError } from '../graph-http-error.js';
import { badRequest } from './directory-errors.js';

/**
 * Builds a 400 `BadRequest` "Invalid filter clause: Syntax error at position N in '…': detail." where N
 * is the 0-based character offset, as Graph's OData parser reports it.
 */
export function filterSyntaxError(filter: string, position: number, detail: string): GraphHttpError {
  return badRequest(`Invalid filter clause: Syntax error at position ${position} in '${filter}': ${detail}.`);
}
