import type { BicepNode } from './bicep-file.js';
import type { BicepLoop } from './bicep-declarations.js';
import { propertiesOf } from './bicep-values.js';

/** What names mean where an expression is read: the file's variables and the enclosing loop, if any. */
export interface ExpressionScope {
  readonly variables: ReadonlyMap<string, BicepNode>;
  readonly loop?: BicepLoop | undefined;
}

// Deep enough for var → var → object chains, shallow enough that a self-reference cannot loop forever.
const maxDepth = 8;

/**
 * Collects the string pieces an expression can produce, following variables (`roles.sender` reads the
 * `sender` property of `var roles = {…}`) and loop variables (which stand for the iterated array).
 * It over-approximates on purpose: a check that a role id is *present* must not miss one hidden in a var.
 */
export function resolvedStrings(node: BicepNode, scope: ExpressionScope, depth = 0): string[] {
  if (depth > maxDepth) return [];
  const again = (next: BicepNode): string[] => resolvedStrings(next, scope, depth + 1);
  switch (node.type) {
    case 'string_content':
      return [node.text];
    case 'identifier': {
      if (scope.loop?.variables.includes(node.text)) return again(scope.loop.iterable);
      const value = scope.variables.get(node.text);
      return value ? again(value) : [];
    }
    case 'member_expression': {
      const object = node.childForFieldName('object');
      const property = node.childForFieldName('property');
      const value = object?.type === 'identifier' ? scope.variables.get(object.text) : undefined;
      const picked = value && property ? propertiesOf(value).find((p) => p.key === property.text) : undefined;
      if (picked) return again(picked.value);
      return object ? again(object) : [];
    }
    default:
      return node.namedChildren.flatMap(again);
  }
}
