/** Access to a call's JSON body as an object, the way Graph insists on one for writes. */
import type { GraphCall } from '../graph-exchange.js';
import { graphError } from '../graph-exchange.js';

/**
 * The call's body as a JSON object.
 *
 * @throws GraphHttpError 400 `BadRequest` when the body is missing or not a JSON object.
 */
export function objectBody(call: GraphCall): Record<string, unknown> {
  const body = call.body;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw graphError(
      400,
      'BadRequest',
      'Empty Payload. JSON content expected: the request body must be a JSON object.',
    );
  }
  return body as Record<string, unknown>;
}
