import { HttpRequest, InvocationContext } from '@azure/functions';

/** An HTTP request as the host builds it for a function: method, path under /api, route params, body. */
export function anHttpRequest(
  method: 'GET' | 'POST',
  path: string,
  options: {
    readonly params?: Record<string, string>;
    readonly body?: string;
    readonly headers?: Record<string, string>;
  } = {},
): HttpRequest {
  return new HttpRequest({
    method,
    url: `http://127.0.0.1:7071/api/${path}`,
    params: options.params ?? {},
    headers: options.headers ?? {},
    ...(options.body === undefined ? {} : { body: { string: options.body } }),
  });
}

/** An invocation context whose log goes nowhere. */
export function anInvocationContext(functionName = 'test'): InvocationContext {
  return new InvocationContext({ invocationId: 'inv-1', functionName, logHandler: () => undefined });
}
