/**
 * Maps a path inside a parsed YAML document (as zod and the semantic checks report it) back to the line and
 * column of the node in the file, so every topology error points at the text to fix.
 */
import { isMap, isNode, isPair, isScalar, isSeq, type Document, type LineCounter, type Node } from 'yaml';

/** A 1-based line and column. */
export interface SourcePosition {
  readonly line: number;
  readonly column: number;
}

/** Where a path points: `exact` is false when the path ends in something missing (the parent is given). */
export interface PathPosition extends SourcePosition {
  readonly exact: boolean;
}

/** Looks up positions in one parsed document. */
export interface PositionFinder {
  /**
   * The position of the node at `path`, or of its deepest existing ancestor. With `key`, the position of
   * that key inside the map at `path` (for unknown-field errors).
   */
  positionOf(path: readonly PropertyKey[], key?: string): PathPosition;
}

/** Creates a {@link PositionFinder} over a document parsed with `lineCounter`. */
export function createPositionFinder(document: Document, lineCounter: LineCounter): PositionFinder {
  const at = (offset: number | undefined): SourcePosition => {
    const { line, col } = lineCounter.linePos(offset ?? 0);
    return { line, column: col };
  };
  return {
    positionOf(path, key) {
      let node: Node | null | undefined = document.contents;
      let keyNode: Node | null | undefined;
      let exact = true;
      for (const segment of path) {
        const child = childOf(node, segment);
        if (child === undefined) {
          exact = false;
          break;
        }
        keyNode = child.key;
        node = child.value ?? child.key;
      }
      if (exact && key !== undefined && isMap(node)) {
        const pair = node.items.find((item) => isScalar(item.key) && item.key.value === key);
        if (pair !== undefined && isScalar(pair.key)) return { ...at(pair.key.range?.[0]), exact: true };
      }
      const target = node ?? keyNode;
      return { ...at(target?.range?.[0]), exact };
    },
  };
}

interface Child {
  readonly key: Node | null;
  readonly value: Node | null;
}

function childOf(node: Node | null | undefined, segment: PropertyKey): Child | undefined {
  if (isMap(node)) {
    const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && item.key.value === segment);
    if (pair === undefined) return undefined;
    return { key: asNode(pair.key), value: asNode(pair.value) };
  }
  if (isSeq(node) && typeof segment === 'number') {
    const item = node.items[segment];
    return item === undefined ? undefined : { key: null, value: asNode(item) };
  }
  return undefined;
}

function asNode(value: unknown): Node | null {
  return isNode(value) ? value : null;
}
