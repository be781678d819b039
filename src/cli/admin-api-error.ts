/**
 * Turns an admin API failure into advice: which call failed, the status and the server's own code and
 * message, and the validation issues it listed (topology problems with their line numbers). The admin API
 * answers errors as `{ "error": { "code", "message", "issues"? } }`; the dev host and the Functions host
 * also answer `{ "error": "text" }` or nothing at all, so every form is read.
 */
import { z } from 'zod';
import { CliError } from './cli-error.js';

/** One validation problem the server reported; topology issues carry their position in the file. */
export interface AdminIssue {
  readonly line?: number;
  readonly column?: number;
  readonly path?: string;
  readonly message: string;
}

/** A failed admin API call: HTTP status, the server's error code and issues when it sent them. */
export class AdminApiError extends CliError {
  readonly status: number;
  readonly code: string | null;
  readonly issues: readonly AdminIssue[];

  constructor(
    message: string,
    details: { status: number; code: string | null; issues: readonly AdminIssue[] },
  ) {
    super(message);
    this.name = 'AdminApiError';
    this.status = details.status;
    this.code = details.code;
    this.issues = details.issues;
  }
}

const issueSchema = z.union([
  z.string().transform((message) => ({ message })),
  z.looseObject({
    line: z.number().int().optional(),
    column: z.number().int().optional(),
    path: z.string().optional(),
    message: z.string(),
  }),
]);

const errorBodySchema = z.looseObject({
  error: z.union([
    z.string().transform((message) => ({ code: null, message, issues: [] })),
    z.looseObject({
      code: z
        .string()
        .nullish()
        .transform((code) => code ?? null),
      message: z.string(),
      issues: z.array(issueSchema).default([]),
    }),
  ]),
});

/** What a failed request was, for the message. */
export interface FailedCall {
  readonly method: string;
  readonly path: string;
  readonly baseUrl: string;
}

/**
 * Builds the error for a non-2xx answer from its status and body text.
 *
 * @param redact - Text that must never appear in the message (the admin key, should a server echo it).
 */
export function adminApiErrorFrom(
  call: FailedCall,
  status: number,
  bodyText: string,
  redact: string,
): AdminApiError {
  const body = parseErrorBody(bodyText);
  const said = body === null ? '' : `: ${clean(body.message, redact)}`;
  const codeText = body?.code ? ` ${body.code}` : '';
  const what = `${call.method} ${call.path}`;
  let message: string;
  if (status === 401 || status === 403) {
    message =
      `The admin API at ${call.baseUrl} refused the key (${status}${codeText})${said}. ` +
      'Check --key or XTSYNC_ADMIN_KEY (a function key of the admin endpoints).';
  } else if (status === 404) {
    message =
      `${what} was not found at ${call.baseUrl} (404${codeText})${said}. ` +
      'Is the URL right, and does this deployment run the same xtsync version as the CLI?';
  } else {
    message = `${what} failed (${status}${codeText})${said}`;
  }
  const issues = (body?.issues ?? []).map((issue) => ({ ...issue, message: clean(issue.message, redact) }));
  return new AdminApiError(message, { status, code: body?.code ?? null, issues });
}

/** Formats one issue the way editors link to it: `file:line:col path: message` when the position is known. */
export function formatAdminIssue(issue: AdminIssue, fileName?: string): string {
  const path = issue.path === undefined ? '' : `${issue.path}: `;
  if (issue.line === undefined) return `${path}${issue.message}`;
  const place = `${fileName ?? '(request)'}:${issue.line}:${issue.column ?? 1}`;
  return `${place} ${path}${issue.message}`;
}

function parseErrorBody(text: string): { code: string | null; message: string; issues: AdminIssue[] } | null {
  if (text.trim() === '') return null;
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    // Not JSON (a proxy's HTML page, a plain-text host error): the status says enough.
    return null;
  }
  const parsed = errorBodySchema.safeParse(data);
  return parsed.success ? parsed.data.error : null;
}

/** Keeps a server message to one readable paragraph with no control characters and never the key. */
function clean(text: string, redact: string): string {
  const safe = redact === '' ? text : text.split(redact).join('***');
  // eslint-disable-next-line no-control-regex -- stripping terminal escapes and control characters is the point
  const printable = safe.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '');
  return printable.length > 2000 ? `${printable.slice(0, 2000)}…` : printable;
}

/**
 * The full text to show for an admin API error: its first line, then every issue, positioned in `fileName`
 * when the request was a file (the server's own message may name the file differently).
 */
export function describeAdminApiError(error: AdminApiError, fileName?: string): string {
  if (error.issues.length === 0) return error.message;
  const [headline = ''] = error.message.split('\n');
  return [headline, ...error.issues.map((issue) => `  ${formatAdminIssue(issue, fileName)}`)].join('\n');
}
