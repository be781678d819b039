/**
 * Graph's endpoint validation (reference/graph-api.md §1.2): POST `{url}?validationToken=…` (existing query
 * parameters kept) with an opaque token that needs URL-encoding, and require 200, `text/plain` and the
 * decoded token verbatim within the timeout.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { graphError } from '../graph-exchange.js';

/**
 * Validates one notification or lifecycle endpoint.
 *
 * @throws GraphHttpError 400 `ValidationError` for a wrong answer, 400 `InvalidRequest` on timeout.
 */
export async function validateNotificationEndpoint(endpoint: string, timeoutMs: number): Promise<void> {
  // Spaces, ':' and base64's '+', '/' and '=' all need encoding; a receiver that forgets to decode fails.
  const token = `Validation: Testing client application reachability for subscription Request-Id: ${randomUUID()} ${randomBytes(9).toString('base64')}`;
  const url = new URL(endpoint);
  url.searchParams.append('validationToken', token);
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'text/plain; charset=utf-8' },
      body: '',
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
      throw graphError(400, 'InvalidRequest', 'Subscription validation request timed out.');
    }
    throw validationError('Notification endpoint must respond with 200 OK to validation request.');
  }
  let body: string;
  try {
    body = await response.text();
  } catch {
    throw graphError(400, 'InvalidRequest', 'Subscription validation request timed out.');
  }
  if (response.status !== 200) {
    throw validationError(
      `Notification endpoint must respond with 200 OK to validation request (it answered ${response.status}).`,
    );
  }
  const contentType = response.headers.get('content-type') ?? '';
  if (!contentType.toLowerCase().startsWith('text/plain')) {
    throw validationError(
      'Notification endpoint must respond with Content-Type text/plain to validation request.',
    );
  }
  if (body !== token) {
    throw validationError('Response must exactly match validationToken query parameter.');
  }
}

function validationError(detail: string): Error {
  return graphError(400, 'ValidationError', `Subscription validation request failed. ${detail}`);
}
