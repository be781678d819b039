/**
 * `xtsync dead-letters replay --sync ID` (or `--queue source-changes`): after a fix, resubmits the messages
 * xtsync gave up on — parked ones and those in the broker's dead-letter queue — and prints the counts.
 */
import type { Command } from 'commander';
import { z } from 'zod';
import type { CliContext } from './cli-context.js';
import { CliError } from './cli-error.js';
import { operatorHeader } from './operator-header.js';
import { withProgress } from './progress.js';
import { replayResultSchema } from './safety-responses.js';

const replayOptionsSchema = z.object({
  sync: z.string().optional(),
  queue: z.literal('source-changes').optional(),
});

/** Adds `dead-letters replay` to `program`. */
export function registerDeadLettersCommand(program: Command, context: CliContext): void {
  program
    .command('dead-letters')
    .description('replay messages xtsync gave up on')
    .command('replay')
    .description("resubmit one sync's dead-lettered changes, or the drain queue's requests")
    .option('--sync <id>', "replay this sync's target changes")
    .option('--queue <name>', 'replay the drain requests of this queue (source-changes)')
    .action(async (rawOptions: unknown, command: Command) => {
      const parsed = replayOptionsSchema.safeParse(rawOptions);
      if (!parsed.success) throw new CliError('--queue takes source-changes.', { exitCode: 2 });
      const { sync, queue } = parsed.data;
      if ((sync === undefined) === (queue === undefined)) {
        throw new CliError('Give either --sync ID or --queue source-changes.', { exitCode: 2 });
      }
      const globals = context.globals(command);
      const client = await context.adminClient(globals);
      const what = sync === undefined ? 'the source-changes queue' : `sync ${sync}`;
      const result = await withProgress(context.io.stderr, `Replaying the dead letters of ${what}…`, () =>
        client.send({
          method: 'POST',
          path: '/api/dead-letters/replay',
          headers: operatorHeader(),
          body: {
            text: JSON.stringify(sync === undefined ? { queue } : { syncId: sync }),
            contentType: 'application/json',
          },
          schema: replayResultSchema,
        }),
      );
      if (globals.json) {
        context.print(JSON.stringify(result, null, 2));
        return;
      }
      context.print(
        `Replayed ${result.parked.replayed} parked and ${result.broker} broker dead letter(s) of ${what}.`,
      );
      if (result.parked.unreadable > 0) {
        context.note(
          `warning: ${result.parked.unreadable} parked letter(s) are not valid messages and were left in place.`,
        );
      }
    });
}
