/**
 * `xtsync status`: every sync's state (healthy / quarantined / guarded / paused), linked users, last drain
 * and reconcile, subscription expiry, backlog, dead letters and errors in the last hour, from
 * `GET /api/status`; a table by default, the whole report with `--json`.
 */
import type { Command } from 'commander';
import type { CliContext } from './cli-context.js';
import { withProgress } from './progress.js';
import { statusReportSchema } from './safety-responses.js';
import { formatStatus } from './status-format.js';

/** Adds the `status` command to `program`. */
export function registerStatusCommand(program: Command, context: CliContext): void {
  program
    .command('status')
    .description(
      'show every sync: state, linked users, last drain and reconcile, backlog, dead letters, errors',
    )
    .action(async (_options: unknown, command: Command) => {
      const globals = context.globals(command);
      const client = await context.adminClient(globals);
      const report = await withProgress(context.io.stderr, `Reading status from ${client.baseUrl}…`, () =>
        client.send({ method: 'GET', path: '/api/status', schema: statusReportSchema }),
      );
      context.print(
        globals.json
          ? JSON.stringify(report, null, 2)
          : formatStatus(report, context.io.now(), context.style),
      );
    });
}
