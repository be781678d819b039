/**
 * The readable report of `topology plan`: a summary table of every sync's counts, then one table per sync
 * of the users that applying the file would create, update or remove. Nothing has been written when it is
 * shown. Pure: returns text.
 */
import type { PlanBucket, PlanResult, PlanSync, PlanUser } from './admin-responses.js';
import { plainStyle, type TerminalStyle } from './terminal-style.js';
import { renderTable } from './text-table.js';

type Change = 'create' | 'update' | 'remove';

const changes: readonly Change[] = ['create', 'update', 'remove'];

/** Formats the server's answer to a dry run. */
export function formatPlanReport(
  fileName: string,
  result: PlanResult,
  style: TerminalStyle = plainStyle,
): string {
  const colour: Record<Change, (text: string) => string> = {
    create: style.green,
    update: style.yellow,
    remove: style.red,
  };
  const lines = [`Dry run of ${fileName}: nothing has been written.`, `Shape: ${result.shape}`, ''];
  if (result.syncs.length === 0) {
    lines.push(style.dim('No syncs: applying this file would not provision anyone.'));
    return lines.join('\n');
  }
  lines.push(
    renderTable(
      ['SYNC', 'FROM → TO', 'CREATE', 'UPDATE', 'REMOVE', 'UNCHANGED'],
      result.syncs.map((sync) => [
        sync.id,
        `${sync.from} → ${sync.to}`,
        ...changes.map((change) => String(countOf(sync[change]))),
        String(countOf(sync.unchanged)),
      ]),
      style,
    ),
  );
  for (const sync of result.syncs) {
    const rows = changes.flatMap((change) =>
      usersOf(sync[change]).map((user) => toRow(change, user, colour)),
    );
    if (rows.length === 0) continue;
    lines.push('', style.bold(`${sync.id} (${sync.from} → ${sync.to}): ${summary(sync)}`));
    lines.push(renderTable(['ACTION', 'SOURCE USER', 'TARGET USER', 'DETAILS'], rows, style));
  }
  return lines.join('\n');
}

/** How many users a bucket holds, whether the server listed them or only counted them. */
export function countOf(bucket: PlanBucket): number {
  return typeof bucket === 'number' ? bucket : bucket.length;
}

function usersOf(bucket: PlanBucket): readonly PlanUser[] {
  return typeof bucket === 'number' ? [] : bucket;
}

function summary(sync: PlanSync): string {
  return [
    `${countOf(sync.create)} to create`,
    `${countOf(sync.update)} to update`,
    `${countOf(sync.remove)} to remove`,
    `${countOf(sync.unchanged)} unchanged`,
  ].join(', ');
}

function toRow(change: Change, user: PlanUser, colour: Record<Change, (text: string) => string>): string[] {
  const name = user.displayName ?? user.userPrincipalName ?? user.sourceUserId;
  const label = user.userPrincipalName && user.displayName ? `${name} (${user.userPrincipalName})` : name;
  const details =
    user.changedAttributes && user.changedAttributes.length > 0
      ? user.changedAttributes.join(', ')
      : (user.reason ?? '');
  return [colour[change](change), label, user.targetUserId ?? '—', details];
}
