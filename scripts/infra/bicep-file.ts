import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import Parser from 'tree-sitter';
import bicep from 'tree-sitter-bicep';

/** A tree-sitter syntax node of a Bicep file. */
export type BicepNode = Parser.SyntaxNode;

/** One parsed Bicep file: where it is (relative to the checked directory), its text and its syntax tree. */
export interface BicepFile {
  readonly path: string;
  readonly source: string;
  readonly root: BicepNode;
}

let parser: Parser | undefined;

// One parser for the whole process: building one loads the grammar, parsing is then cheap.
function bicepParser(): Parser {
  if (parser === undefined) {
    parser = new Parser();
    parser.setLanguage(bicep as Parser.Language);
  }
  return parser;
}

/**
 * Parses Bicep source text once; syntax errors do not throw but show up as ERROR and MISSING nodes.
 *
 * @param filePath - the path reported in messages (relative to the checked directory)
 */
export function parseBicep(filePath: string, source: string): BicepFile {
  return { path: filePath, source, root: bicepParser().parse(source).rootNode };
}

/**
 * Finds and parses every `.bicep` file under a directory, recursively, in a stable (sorted) order.
 *
 * @returns the files with paths relative to `directory`, using forward slashes
 * @throws Error when the directory cannot be read
 */
export async function loadBicepFiles(directory: string): Promise<BicepFile[]> {
  const entries = await readdir(directory, { recursive: true, withFileTypes: true });
  const paths = entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.bicep'))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
  return Promise.all(
    paths.map(async (filePath) =>
      parseBicep(
        path.relative(directory, filePath).split(path.sep).join('/'),
        await readFile(filePath, 'utf8'),
      ),
    ),
  );
}

/** Formats where a node starts as `file:line:column`, 1-based like editors show it. */
export function locate(file: BicepFile, node: BicepNode): string {
  return `${file.path}:${node.startPosition.row + 1}:${node.startPosition.column + 1}`;
}
