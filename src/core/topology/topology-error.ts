/**
 * The error of an invalid topology file: every problem at once, each with the file, line and column, the
 * path inside the document and what is wrong, so an administrator can fix the file in one pass.
 */
import { SyncError } from '../sync-errors.js';

/** One problem in a topology file. `line` and `column` are 1-based. */
export interface TopologyIssue {
  readonly line: number;
  readonly column: number;
  /** Where in the document, e.g. `syncs[0].scope.filters[1].clauses[0].value`; `(root)` for the document. */
  readonly path: string;
  readonly message: string;
}

/** A topology file that cannot be used; `issues` lists every problem in document order. */
export class TopologyError extends SyncError {
  readonly fileName: string;
  readonly issues: readonly TopologyIssue[];

  constructor(fileName: string, issues: readonly TopologyIssue[]) {
    const sorted = [...issues].sort((a, b) => a.line - b.line || a.column - b.column);
    const lines = sorted.map((issue) => `  ${formatTopologyIssue(fileName, issue)}`);
    const count = sorted.length === 1 ? '1 problem' : `${sorted.length} problems`;
    super('TOPOLOGY.INVALID', `Invalid topology ${fileName} (${count}):\n${lines.join('\n')}`, {
      details: { fileName, issueCount: sorted.length },
    });
    this.name = 'TopologyError';
    this.fileName = fileName;
    this.issues = sorted;
  }
}

/** Formats one issue as `file:line:col path: message`, the form editors and CI logs link to. */
export function formatTopologyIssue(fileName: string, issue: TopologyIssue): string {
  return `${fileName}:${issue.line}:${issue.column} ${issue.path}: ${issue.message}`;
}

/** Renders a document path as `syncs[0].scope.filters[1]`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else text += text === '' ? String(segment) : `.${String(segment)}`;
  }
  return text === '' ? '(root)' : text;
}

/**
 * A problem found while resolving a schema-valid topology, before it is given a position: the document path
 * it is about and the message. With `key`, the problem is about that key of the map at `path`.
 */
export interface TopologyProblem {
  readonly path: readonly PropertyKey[];
  readonly message: string;
  readonly key?: string;
}

/** Gives the 1-based line of the node at a document path, for messages such as "first defined at line 7". */
export type LineOf = (path: readonly PropertyKey[]) => number;
