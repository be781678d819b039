/** Entra's OAuth error response, as the token endpoint and the metadata endpoints return it. */
import { randomUUID } from 'node:crypto';

/** An HTTP reply from the fake authority (JSON body). */
export interface AuthorityReply {
  readonly status: number;
  readonly body: unknown;
}

/**
 * `{ error, error_description, error_codes, timestamp, trace_id, correlation_id, error_uri }` with the
 * AADSTS code leading the description, the way MSAL and @azure/identity parse it.
 */
export function authorityError(
  status: number,
  error: string,
  aadstsCode: number,
  description: string,
  correlationId: string = randomUUID(),
): AuthorityReply {
  const traceId = randomUUID();
  const timestamp = new Date().toISOString().replace('T', ' ').slice(0, 19) + 'Z';
  return {
    status,
    body: {
      error,
      error_description: `AADSTS${aadstsCode}: ${description} Trace ID: ${traceId} Correlation ID: ${correlationId} Timestamp: ${timestamp}`,
      error_codes: [aadstsCode],
      timestamp,
      trace_id: traceId,
      correlation_id: correlationId,
      error_uri: `https://login.microsoftonline.com/error?code=${aadstsCode}`,
    },
  };
}
