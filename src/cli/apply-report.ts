/**
 * The readable report of `topology apply`: the version the server stored, the shape, the syncs it now runs
 * and what happened to each tenant's change-notification subscription. Pure: returns text.
 */
import type { Topology } from '../core/topology/topology.js';
import type { ApplyResult } from './admin-responses.js';
import { plainStyle, type TerminalStyle } from './terminal-style.js';
import { renderTable } from './text-table.js';

/**
 * Formats the server's answer to an apply; tenant ids are shown with the file's tenant keys next to them.
 */
export function formatApplyReport(
  fileName: string,
  result: ApplyResult,
  topology: Topology,
  style: TerminalStyle = plainStyle,
): string {
  const keys = new Map(topology.tenants.map((tenant) => [tenant.tenantId, tenant.key]));
  const lines = [
    `${style.green('✔')} Applied ${fileName} as topology version ${result.version}.`,
    `Shape: ${result.shape}`,
    '',
    style.bold(`Syncs (${result.syncs.length})`),
    result.syncs.length === 0
      ? style.dim('No syncs.')
      : renderTable(
          ['ID', 'FROM → TO'],
          result.syncs.map((sync) => [sync.id, `${sync.from} → ${sync.to}`]),
          style,
        ),
    '',
    style.bold(`Subscriptions (${result.subscriptions.length})`),
    result.subscriptions.length === 0
      ? style.dim('No change-notification subscriptions changed.')
      : renderTable(
          ['TENANT', 'TENANT ID', 'ACTION'],
          result.subscriptions.map((subscription) => [
            keys.get(subscription.tenantId.toLowerCase()) ?? '?',
            subscription.tenantId,
            subscription.action,
          ]),
          style,
        ),
  ];
  return lines.join('\n');
}
