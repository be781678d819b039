/**
 * A small client for xtsync's admin HTTP API on fetch: sends the function key in `x-functions-key`, bounds
 * every call with a timeout, validates the answer with zod and turns every failure — refused connection,
 * timeout, error status, unexpected body — into a CliError that says what to do next.
 */
import type { z } from 'zod';
import { adminApiErrorFrom } from './admin-api-error.js';
import { CliError } from './cli-error.js';
import type { AdminConnection } from './connection.js';
import { isNodeError } from './file-errors.js';

/** One admin API call. `path` starts with `/api/`. */
export interface AdminRequest<T> {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  /** Unset values are left out of the query string. */
  readonly query?: Readonly<Record<string, string | undefined>>;
  readonly body?: { readonly text: string; readonly contentType: string };
  /** Extra headers, such as `x-xtsync-operator` (who is calling, for the records); never the key. */
  readonly headers?: Readonly<Record<string, string>>;
  /** The expected answer; anything else is an error. */
  readonly schema: z.ZodType<T>;
}

/** Calls the admin API of one deployment. */
export interface AdminClient {
  readonly baseUrl: string;
  /**
   * Sends `request` and returns its validated JSON answer.
   *
   * @throws AdminApiError for an error status; CliError when the API cannot be reached, does not answer in
   *   time, answers something unexpected, or the run is interrupted (exit code 130).
   */
  send<T>(request: AdminRequest<T>): Promise<T>;
}

/** Options for {@link createAdminClient}. */
export interface AdminClientOptions {
  /** Per call, connection to last byte. */
  readonly timeoutMs?: number;
  /** Aborts every call in flight (Ctrl-C). */
  readonly signal?: AbortSignal;
}

/** Creates a client for the admin API at `connection.baseUrl`. */
export function createAdminClient(
  connection: AdminConnection,
  { timeoutMs = 30_000, signal }: AdminClientOptions = {},
): AdminClient {
  const { baseUrl, key } = connection;
  return {
    baseUrl,
    async send<T>(request: AdminRequest<T>): Promise<T> {
      const url = new URL(`${baseUrl}${request.path}`);
      for (const [name, value] of Object.entries(request.query ?? {})) {
        if (value !== undefined) url.searchParams.set(name, value);
      }
      const what = `${request.method} ${request.path}`;
      const timeout = AbortSignal.timeout(timeoutMs);
      const headers: Record<string, string> = {
        ...request.headers,
        'x-functions-key': key,
        accept: 'application/json',
      };
      if (request.body) headers['content-type'] = request.body.contentType;
      try {
        const response = await fetch(url, {
          method: request.method,
          headers,
          body: request.body?.text ?? null,
          signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
        });
        const text = await response.text();
        if (!response.ok) {
          throw adminApiErrorFrom(
            { method: request.method, path: request.path, baseUrl },
            response.status,
            text,
            key,
          );
        }
        return parseAnswer(text, request.schema, what);
      } catch (error) {
        if (error instanceof CliError) throw error;
        if (signal?.aborted) throw new CliError('Interrupted.', { exitCode: 130 });
        if (timeout.aborted) {
          throw new CliError(`${what} at ${baseUrl} did not answer within ${timeoutMs / 1000} s.`);
        }
        throw unreachable(baseUrl, what, error);
      }
    },
  };
}

function parseAnswer<T>(text: string, schema: z.ZodType<T>, what: string): T {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new CliError(`${what} answered with a body that is not JSON; is the URL xtsync's function app?`);
  }
  const parsed = schema.safeParse(data);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
    .join('; ');
  throw new CliError(
    `${what} answered with an unexpected body (${problems}); do the CLI and the deployment run the same xtsync version?`,
  );
}

function unreachable(baseUrl: string, what: string, error: unknown): CliError {
  // fetch reports network failures as TypeError('fetch failed') with the socket error as its cause.
  const cause = error instanceof Error ? error.cause : undefined;
  const code = isNodeError(cause) ? cause.code : undefined;
  if (code === 'ECONNREFUSED') {
    return new CliError(
      `Cannot reach the admin API at ${baseUrl} (connection refused). Is the stack running? Try npm start.`,
      { cause: error },
    );
  }
  const reason =
    code ??
    (cause instanceof Error ? cause.message : error instanceof Error ? error.message : 'unknown error');
  return new CliError(`Cannot reach the admin API at ${baseUrl} for ${what} (${reason}).`, { cause: error });
}
