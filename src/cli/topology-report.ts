/**
 * The readable report of `topology validate`: the shape per group of tenants, then tables of the tenants
 * and the syncs (from → to, scope summary, removal policy, deletion threshold). Pure: returns text.
 */
import type { TopologyShape } from '../core/topology/topology-shape.js';
import type { Topology } from '../core/topology/topology.js';
import { plainStyle, type TerminalStyle } from './terminal-style.js';
import { renderTable } from './text-table.js';
import { describeAuth, describeRemoval, describeScope, describeThreshold } from './topology-summary.js';

/** Scope summaries longer than this are cut in tables; `--json` has them whole. */
const maxScopeWidth = 60;

/** Formats the report of a valid topology file. */
export function formatValidationReport(
  fileName: string,
  topology: Topology,
  shape: TopologyShape,
  style: TerminalStyle = plainStyle,
): string {
  const lines = [`${style.green('✔')} ${fileName} is valid.`, formatShape(shape), ''];
  lines.push(style.bold(`Tenants (${topology.tenants.length})`));
  lines.push(
    renderTable(
      ['KEY', 'TENANT ID', 'NAME', 'ROLE', 'SIGN-IN'],
      topology.tenants.map((tenant) => [
        tenant.key,
        tenant.tenantId,
        tenant.displayName,
        roleOf(tenant.key, topology),
        describeAuth(tenant.auth),
      ]),
      style,
    ),
    '',
  );
  lines.push(style.bold(`Syncs (${topology.syncs.length})`));
  lines.push(
    topology.syncs.length === 0
      ? style.dim('No syncs: the file only declares tenants.')
      : renderTable(
          ['ID', 'FROM → TO', 'SCOPE', 'REMOVAL', 'THRESHOLD'],
          topology.syncs.map((sync) => [
            sync.id,
            `${sync.from} → ${sync.to}`,
            truncate(describeScope(sync.scope), maxScopeWidth),
            describeRemoval(sync.removal),
            describeThreshold(sync.deletionThreshold),
          ]),
          style,
        ),
  );
  return lines.join('\n');
}

/**
 * `Shape: user-hub (woodgrove → contoso, fabrikam)`; a topology of several disconnected groups gets one
 * indented line per group.
 */
export function formatShape(shape: TopologyShape): string {
  if (shape.components.length <= 1) return `Shape: ${shape.description}`;
  const groups = shape.components.map((component) => `  ${component.description}`);
  return [`Shape: mixed (${shape.components.length} groups of tenants)`, ...groups].join('\n');
}

function roleOf(key: string, topology: Topology): string {
  const roles = [
    ...(topology.syncs.some((sync) => sync.from === key) ? ['source'] : []),
    ...(topology.syncs.some((sync) => sync.to === key) ? ['target'] : []),
  ];
  return roles.length === 0 ? 'unused' : roles.join(', ');
}

function truncate(text: string, width: number): string {
  const graphemes = Array.from(new Intl.Segmenter().segment(text), (part) => part.segment);
  return graphemes.length <= width ? text : `${graphemes.slice(0, width - 1).join('')}…`;
}
