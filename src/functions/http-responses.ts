import type { HttpRequest, HttpResponseInit } from '@azure/functions';
import type { z } from 'zod';

/** xtsync's error body: a stable code and a message that says what is wrong and where. */
export function errorResponse(
  status: number,
  code: string,
  message: string,
  extra: Record<string, unknown> = {},
): HttpResponseInit {
  return { status, jsonBody: { error: { code, message, ...extra } } };
}

/** 202 for a job started in the background: its id, and where to follow it. */
export function jobAccepted(jobId: string): HttpResponseInit {
  return { status: 202, headers: { location: `/api/jobs/${jobId}` }, jsonBody: { jobId } };
}

/** Reads a request body as text, refusing bodies over `maxBytes` (413) before parsing anything. */
export async function readBoundedText(
  request: HttpRequest,
  maxBytes: number,
): Promise<{ ok: true; text: string } | { ok: false; response: HttpResponseInit }> {
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > maxBytes)
    return {
      ok: false,
      response: errorResponse(413, 'PAYLOAD_TOO_LARGE', `The body is larger than ${maxBytes} bytes.`),
    };
  const text = await request.text();
  if (Buffer.byteLength(text) > maxBytes) {
    return {
      ok: false,
      response: errorResponse(413, 'PAYLOAD_TOO_LARGE', `The body is larger than ${maxBytes} bytes.`),
    };
  }
  return { ok: true, text };
}

/** Parses `text` as JSON and validates it with `schema`; a 400 names the first problem and its path. */
export function parseJsonBody<T>(
  text: string,
  schema: z.ZodType<T>,
): { ok: true; value: T } | { ok: false; response: HttpResponseInit } {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { ok: false, response: errorResponse(400, 'BAD_REQUEST', 'The body is not valid JSON.') };
  }
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? ` at '${issue.path.join('.')}'` : '';
    return {
      ok: false,
      response: errorResponse(
        400,
        'BAD_REQUEST',
        `Invalid body${where}: ${issue?.message ?? 'unknown problem'}.`,
      ),
    };
  }
  return { ok: true, value: parsed.data };
}
