/**
 * `xtsync guards [--sync ID] [--state pending]` lists deletion guards with the removals each holds;
 * `xtsync guards approve ID` lets the held removals apply, `xtsync guards reject ID` discards them (the
 * target users stay).
 */
import { type Command, Option } from 'commander';
import { z } from 'zod';
import type { CliContext } from './cli-context.js';
import { formatLogTime } from './log-lines.js';
import { operatorHeader } from './operator-header.js';
import { withProgress } from './progress.js';
import { guardDecisionSchema, guardListSchema, type GuardViewResponse } from './safety-responses.js';
import type { TerminalStyle } from './terminal-style.js';
import { renderTable } from './text-table.js';

const listOptionsSchema = z.object({
  sync: z.string().optional(),
  state: z.enum(['pending', 'approved', 'rejected']).optional(),
});

/** Adds `guards`, `guards approve ID` and `guards reject ID` to `program`. */
export function registerGuardsCommand(program: Command, context: CliContext): void {
  const guards = program
    .command('guards')
    .description('list deletion guards (held mass removals); approve or reject one')
    .option('--sync <id>', 'only this sync')
    .addOption(
      new Option('--state <state>', 'only guards in this state').choices(['pending', 'approved', 'rejected']),
    )
    .action(async (rawOptions: unknown, command: Command) => {
      const options = listOptionsSchema.parse(rawOptions);
      const globals = context.globals(command);
      const client = await context.adminClient(globals);
      const { guards: found } = await client.send({
        method: 'GET',
        path: '/api/guards',
        query: { syncId: options.sync, state: options.state },
        schema: guardListSchema,
      });
      if (globals.json) {
        context.print(JSON.stringify(found, null, 2));
        return;
      }
      if (found.length === 0) {
        context.note('No deletion guards.');
        return;
      }
      context.print(formatGuards(found, context.style));
      const pending = found.filter((guard) => guard.state === 'pending');
      if (pending.length > 0) context.note('Decide with: xtsync guards approve|reject ID');
    });

  for (const decision of ['approve', 'reject'] as const) {
    guards
      .command(`${decision} <id>`)
      .description(
        decision === 'approve'
          ? 'let the removals the guard holds apply'
          : 'discard the removals the guard holds (the target users stay)',
      )
      .action(async (id: string, _options: unknown, command: Command) => {
        const globals = context.globals(command);
        const client = await context.adminClient(globals);
        const result = await withProgress(context.io.stderr, `Sending ${decision} for guard ${id}…`, () =>
          client.send({
            method: 'POST',
            path: `/api/guards/${encodeURIComponent(id)}/${decision}`,
            headers: operatorHeader(),
            schema: guardDecisionSchema,
          }),
        );
        if (globals.json) {
          context.print(JSON.stringify(result, null, 2));
          return;
        }
        context.print(
          decision === 'approve'
            ? `Guard ${id} approved: ${result.released} held removal(s) released for sync ${result.guard.syncId}.`
            : `Guard ${id} rejected: ${result.discarded} held removal(s) discarded; the target users stay.`,
        );
      });
  }
}

/** One row per guard. */
export function formatGuards(guards: readonly GuardViewResponse[], style: TerminalStyle): string {
  return renderTable(
    ['ID', 'SYNC', 'STATE', 'HELD', 'LIMIT', 'TRIGGER', 'CREATED', 'DECIDED BY'],
    guards.map((guard) => [
      guard.id,
      guard.syncId,
      guard.state === 'pending' ? style.yellow(guard.state) : guard.state,
      String(guard.held),
      `${guard.limit} of ${guard.linkedUsers} linked`,
      guard.trigger,
      formatLogTime(guard.createdAt),
      guard.decidedBy ?? '-',
    ]),
    style,
  );
}
