/**
 * A failure the simulator answers with Graph's error envelope. Thrown by the directory engine and the
 * server's handlers; the server turns it into `{ error: { code, message, innerError } }` with this status.
 */
export class GraphHttpError extends Error {
  readonly status: number;
  readonly code: string;
  readonly headers: Readonly<Record<string, string>>;

  constructor(status: number, code: string, message: string, headers: Record<string, string> = {}) {
    super(message);
    this.name = 'GraphHttpError';
    this.status = status;
    this.code = code;
    this.headers = headers;
  }
}
