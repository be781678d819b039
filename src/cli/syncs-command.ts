/**
 * `xtsync syncs pause ID [--reason TEXT]` stops applying changes to a sync (the drain keeps reading);
 * `xtsync syncs resume ID` clears a pause or a quarantine and re-checks every user of the sync.
 */
import type { Command } from 'commander';
import { z } from 'zod';
import type { CliContext } from './cli-context.js';
import { operatorHeader } from './operator-header.js';
import { pauseResultSchema, resumeResultSchema } from './safety-responses.js';

const pauseOptionsSchema = z.object({ reason: z.string().optional() });

/** Adds `syncs pause ID` and `syncs resume ID` to `program`. */
export function registerSyncsCommand(program: Command, context: CliContext): void {
  const syncs = program.command('syncs').description('pause and resume syncs');

  syncs
    .command('pause <id>')
    .description('stop applying changes to a sync until it is resumed (its source is still read)')
    .option('--reason <text>', 'why, for the record and xtsync status')
    .action(async (id: string, rawOptions: unknown, command: Command) => {
      const { reason } = pauseOptionsSchema.parse(rawOptions);
      const globals = context.globals(command);
      const client = await context.adminClient(globals);
      const result = await client.send({
        method: 'POST',
        path: `/api/syncs/${encodeURIComponent(id)}/pause`,
        headers: operatorHeader(),
        body: {
          text: JSON.stringify(reason === undefined ? {} : { reason }),
          contentType: 'application/json',
        },
        schema: pauseResultSchema,
      });
      if (globals.json) {
        context.print(JSON.stringify(result, null, 2));
        return;
      }
      context.print(
        result.already
          ? `Sync ${id} was already paused (since ${result.pause.since} by ${result.pause.by}).`
          : `Sync ${id} paused. Changes are logged as skipped until: xtsync syncs resume ${id}`,
      );
    });

  syncs
    .command('resume <id>')
    .description('resume a paused or quarantined sync; every user of it is re-checked')
    .action(async (id: string, _options: unknown, command: Command) => {
      const globals = context.globals(command);
      const client = await context.adminClient(globals);
      const result = await client.send({
        method: 'POST',
        path: `/api/syncs/${encodeURIComponent(id)}/resume`,
        headers: operatorHeader(),
        schema: resumeResultSchema,
      });
      if (globals.json) {
        context.print(JSON.stringify(result, null, 2));
        return;
      }
      if (!result.wasPaused && !result.wasQuarantined) {
        context.print(`Sync ${id} was neither paused nor quarantined; nothing to resume.`);
        return;
      }
      const was = [result.wasPaused ? 'paused' : '', result.wasQuarantined ? 'quarantined' : '']
        .filter((word) => word !== '')
        .join(' and ');
      context.print(`Sync ${id} resumed (was ${was}); a full round re-checks every user of it.`);
    });
}
