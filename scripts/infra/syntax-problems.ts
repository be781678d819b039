import { locate, type BicepFile, type BicepNode } from './bicep-file.js';

/** A place where the Bicep grammar could not parse the text: `error` is unparsable text, `missing` a token the parser had to invent. */
export interface SyntaxProblem {
  readonly kind: 'error' | 'missing';
  readonly location: string;
  readonly detail: string;
}

/**
 * Lists every ERROR and MISSING node of a parsed file, in source order.
 *
 * @returns an empty list when the file parses cleanly
 */
export function findSyntaxProblems(file: BicepFile): SyntaxProblem[] {
  const problems: SyntaxProblem[] = [];
  const visit = (node: BicepNode): void => {
    if (node.isMissing) {
      problems.push({ kind: 'missing', location: locate(file, node), detail: `missing "${node.type}"` });
      return;
    }
    if (node.type === 'ERROR') {
      const text = node.text.split('\n')[0]?.slice(0, 60) ?? '';
      problems.push({ kind: 'error', location: locate(file, node), detail: `cannot parse "${text}"` });
    }
    // Only subtrees that contain an error are worth walking.
    for (const child of node.children) if (child.hasError || child.isMissing) visit(child);
  };
  if (file.root.hasError) visit(file.root);
  return problems;
}
