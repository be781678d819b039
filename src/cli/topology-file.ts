/**
 * Reads a topology file from disk and validates it locally with the same `parseTopology` the server uses,
 * so a file with problems is reported with its line numbers and never reaches the admin API.
 */
import { readFile } from 'node:fs/promises';
import { parseTopology, type ParsedTopology } from '../core/topology/parse-topology.js';
import { CliError } from './cli-error.js';
import { describeFileError } from './file-errors.js';

/** A topology file that parsed: its text, exactly as it will be sent, and the resolved topology. */
export interface TopologyFile extends ParsedTopology {
  /** The path as the operator typed it, used in every message so editors can link to `file:line:col`. */
  readonly fileName: string;
  readonly text: string;
}

/**
 * Reads and validates the topology file `fileName` (resolved to `absolutePath`).
 *
 * @throws CliError when the file cannot be read; TopologyError listing every problem when it is invalid.
 */
export async function readTopologyFile(fileName: string, absolutePath: string): Promise<TopologyFile> {
  let text: string;
  try {
    text = await readFile(absolutePath, 'utf8');
  } catch (error) {
    throw new CliError(`Cannot read the topology file ${fileName}: ${describeFileError(error)}.`, {
      cause: error,
    });
  }
  return { fileName, text, ...parseTopology(text, fileName) };
}
