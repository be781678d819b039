import type { BicepNode } from './bicep-file.js';

/** A plain value read from the syntax tree; `undefined` when the expression is computed at deploy time. */
export type BicepLiteral = string | number | boolean | null;

/**
 * Reads a string literal without interpolation, e.g. `'source-changes'` → `source-changes`.
 *
 * @returns undefined for anything else, including `'target-${key}'`
 */
export function stringLiteral(node: BicepNode): string | undefined {
  if (node.type !== 'string' || node.namedChildren.some((child) => child.type === 'interpolation')) {
    return undefined;
  }
  const quote = node.text.startsWith("'''") ? 3 : 1;
  return node.text.slice(quote, -quote).replace(/\\(.)/g, '$1');
}

/** Reads a string, number, boolean or null literal. */
export function literalOf(node: BicepNode): BicepLiteral | undefined {
  switch (node.type) {
    case 'string':
      return stringLiteral(node);
    case 'number':
      return Number(node.text);
    case 'boolean':
      return node.text === 'true';
    case 'null':
      return null;
    default:
      return undefined;
  }
}

/** One `key: value` of an object literal. */
export interface BicepProperty {
  readonly key: string;
  readonly value: BicepNode;
  readonly node: BicepNode;
}

/** Lists the properties of an object literal; anything that is not an object has none. */
export function propertiesOf(node: BicepNode): BicepProperty[] {
  if (node.type !== 'object') return [];
  return node.namedChildren.flatMap((child) => {
    const [keyNode] = child.namedChildren;
    const value = child.namedChildren.at(-1);
    if (child.type !== 'object_property' || keyNode === undefined || value === undefined) return [];
    // A computed key (`'${identity.id}': {}`) keeps its source text as its name.
    const key = keyNode.type === 'string' ? (stringLiteral(keyNode) ?? keyNode.text) : keyNode.text;
    return [{ key, value, node: child }];
  });
}

/**
 * Follows a path of property names through nested object literals, e.g. `['properties', 'requiresSession']`.
 * ARM property names are case-insensitive, so the match is too.
 *
 * @returns the value node, or undefined when any step is missing or not an object literal
 */
export function propertyAt(node: BicepNode, ...path: readonly string[]): BicepNode | undefined {
  let current: BicepNode | undefined = node;
  for (const name of path) {
    const wanted = name.toLowerCase();
    current = current ? propertiesOf(current).find((p) => p.key.toLowerCase() === wanted)?.value : undefined;
  }
  return current;
}

/** Reads the literal at a property path (see {@link propertyAt}). */
export function literalAt(node: BicepNode, ...path: readonly string[]): BicepLiteral | undefined {
  const value = propertyAt(node, ...path);
  return value ? literalOf(value) : undefined;
}

/** Lists every descendant of a node (the node included) whose type is one of `types`, in source order. */
export function descendantsOf(node: BicepNode, ...types: readonly string[]): BicepNode[] {
  return node.descendantsOfType([...types]);
}

/** Tells whether an expression mentions an identifier (a parameter, variable, resource or loop variable). */
export function mentionsIdentifier(node: BicepNode, name: string): boolean {
  return descendantsOf(node, 'identifier').some((identifier) => identifier.text === name);
}

/** Tells whether an expression mentions a name as an identifier or as a property (`site.properties.defaultHostName`). */
export function mentionsName(node: BicepNode, name: string): boolean {
  return descendantsOf(node, 'identifier', 'property_identifier').some((found) => found.text === name);
}
