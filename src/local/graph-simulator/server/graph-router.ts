/**
 * Matches decoded path segments against the route table and says, like Graph, which segment was not
 * understood or that the method is not allowed.
 */
import type { GraphMethod, GraphRoute, RouteOperation } from './graph-route.js';

/** The outcome of matching a path and method. */
export type RouteMatch =
  | {
      readonly kind: 'matched';
      readonly route: GraphRoute;
      readonly operation: RouteOperation;
      readonly params: Readonly<Record<string, string>>;
    }
  | { readonly kind: 'unknownSegment'; readonly segment: string }
  | { readonly kind: 'methodNotAllowed' };

/**
 * Finds the route for `segments` and `method`. Literal segments match case-insensitively and win over
 * parameters because routes are tried in table order.
 */
export function matchRoute(
  routes: readonly GraphRoute[],
  segments: readonly string[],
  method: string,
): RouteMatch {
  let deepest = 0;
  for (const route of routes) {
    const depth = matchedDepth(route.pattern, segments);
    deepest = Math.max(deepest, depth);
    if (depth !== segments.length || route.pattern.length !== segments.length) continue;
    const operation = route.operations[method as GraphMethod];
    if (operation === undefined) return { kind: 'methodNotAllowed' };
    return { kind: 'matched', route, operation, params: paramsOf(route.pattern, segments) };
  }
  const segment = segments[Math.min(deepest, segments.length - 1)] ?? '';
  return { kind: 'unknownSegment', segment };
}

function matchedDepth(pattern: readonly string[], segments: readonly string[]): number {
  let depth = 0;
  while (depth < pattern.length && depth < segments.length) {
    const expected = pattern[depth] ?? '';
    const actual = segments[depth] ?? '';
    if (!expected.startsWith(':') && expected.toLowerCase() !== actual.toLowerCase()) break;
    depth += 1;
  }
  return depth;
}

function paramsOf(pattern: readonly string[], segments: readonly string[]): Record<string, string> {
  const params: Record<string, string> = {};
  pattern.forEach((part, index) => {
    if (part.startsWith(':')) params[part.slice(1)] = segments[index] ?? '';
  });
  return params;
}
