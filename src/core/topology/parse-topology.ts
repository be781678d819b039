/**
 * Reads a topology file (YAML; format in docs/topology.md): parses it, validates it with zod and the
 * semantic checks, resolves it, and names its shape. Every problem is reported at once with its
 * `file:line:col`, the path in the document and what is wrong.
 */
import { LineCounter, parseDocument } from 'yaml';
import type { core as zodCore } from 'zod';
import { resolveTopology } from './resolve-topology.js';
import type { Topology } from './topology.js';
import { formatPath, TopologyError, type TopologyIssue, type TopologyProblem } from './topology-error.js';
import { topologyFileSchema } from './topology-file-schema.js';
import { describeTopologyShape, type TopologyShape } from './topology-shape.js';
import { createPositionFinder, type PositionFinder } from './yaml-positions.js';

/** Topology files larger than this are refused before parsing (a real one is a few kilobytes). */
export const maxTopologyFileLength = 1_000_000;

/** Checks that depend on where the topology is applied. */
export interface ParseTopologyOptions {
  /**
   * The target tenants this deployment has an apply function and a topic subscription for
   * (`XTSYNC_TARGETS`); a sync into any other tenant is refused, since nothing would ever apply its changes.
   */
  readonly deployedTargets?: readonly { readonly key: string; readonly tenantId: string }[];
}

/** A parsed topology and its shape. */
export interface ParsedTopology {
  readonly topology: Topology;
  readonly shape: TopologyShape;
}

/**
 * Parses, validates and resolves a topology file.
 *
 * @param text - The file's content.
 * @param fileName - How to name the file in errors (a path or a label such as `topology v3`).
 * @throws TopologyError (code `TOPOLOGY.INVALID`) listing every problem as `file:line:col path: message`.
 */
export function parseTopology(
  text: string,
  fileName: string,
  options: ParseTopologyOptions = {},
): ParsedTopology {
  if (text.length > maxTopologyFileLength) {
    throw new TopologyError(fileName, [
      {
        line: 1,
        column: 1,
        path: '(root)',
        message: `the file is larger than ${maxTopologyFileLength} characters`,
      },
    ]);
  }
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (document.errors.length > 0) {
    throw new TopologyError(
      fileName,
      document.errors.map((error) => {
        const { line, col } = lineCounter.linePos(error.pos[0]);
        return { line, column: col, path: '(yaml)', message: error.message };
      }),
    );
  }
  const positions = createPositionFinder(document, lineCounter);
  const data: unknown = document.toJS({ maxAliasCount: 100 });
  if (data === null || data === undefined) {
    throw new TopologyError(fileName, [
      {
        line: 1,
        column: 1,
        path: '(root)',
        message: 'the file is empty; expected version, tenants and syncs',
      },
    ]);
  }
  const parsed = topologyFileSchema.safeParse(data);
  if (!parsed.success) {
    throw new TopologyError(
      fileName,
      parsed.error.issues.flatMap((issue) => fromZodIssue(issue, positions)),
    );
  }
  const resolved = resolveTopology(parsed.data, (path) => positions.positionOf(path).line);
  if (resolved.topology === null) {
    throw new TopologyError(
      fileName,
      resolved.problems.map((problem) => fromProblem(problem, positions)),
    );
  }
  const undeployed = undeployedTargets(resolved.topology, options.deployedTargets);
  if (undeployed.length > 0) {
    throw new TopologyError(
      fileName,
      undeployed.map((problem) => fromProblem(problem, positions)),
    );
  }
  return { topology: resolved.topology, shape: describeTopologyShape(resolved.topology.syncs) };
}

function undeployedTargets(
  topology: Topology,
  deployed: ParseTopologyOptions['deployedTargets'],
): TopologyProblem[] {
  if (deployed === undefined) return [];
  const known = new Set(deployed.map((target) => target.tenantId.toLowerCase()));
  return topology.syncs.flatMap((sync, index) =>
    known.has(sync.toTenantId)
      ? []
      : [
          {
            path: ['syncs', index, 'to'],
            message:
              `this deployment has no apply function or topic subscription for tenant '${sync.to}' ` +
              `(${sync.toTenantId}); add it to XTSYNC_TARGETS and redeploy the infrastructure ` +
              `(npx xtsync infra params) before applying a sync into it`,
          },
        ],
  );
}

function fromProblem(problem: TopologyProblem, positions: PositionFinder): TopologyIssue {
  const { line, column } = positions.positionOf(problem.path, problem.key);
  const path = problem.key === undefined ? problem.path : [...problem.path, problem.key];
  return { line, column, path: formatPath(path), message: problem.message };
}

function fromZodIssue(issue: zodCore.$ZodIssue, positions: PositionFinder): TopologyIssue[] {
  const path = issue.path;
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => fromProblem({ path, key, message: unknownFieldMessage(key) }, positions));
  }
  const position = positions.positionOf(path);
  let message = issue.message;
  if (!position.exact) {
    const field = path.at(-1);
    message = `${typeof field === 'number' ? 'item' : `'${String(field)}'`} is required`;
  } else {
    message = message.replace(
      /^Invalid discriminator value\. Expected (.*)$/,
      (_, options: string) => `expected one of ${options.replaceAll(' | ', ', ')}`,
    );
    message = message.charAt(0).toLowerCase() + message.slice(1);
  }
  return [{ line: position.line, column: position.column, path: formatPath(path), message }];
}

function unknownFieldMessage(key: string): string {
  return /secret|password|private.?key/i.test(key)
    ? `unknown field '${key}': secrets never go in the topology file; name the app setting that holds it (secretSetting, certificateSetting)`
    : `unknown field '${key}'`;
}
