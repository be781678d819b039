/**
 * `xtsync logs`: provisioning log entries from the admin API (`GET /api/provisioning-logs`), oldest first,
 * one line each (or one JSON object per line with `--json`); `--follow` keeps polling for newer entries
 * until Ctrl-C and never prints one twice.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { z } from 'zod';
import type { ProvisioningLogEntry } from '../app/ports.js';
import { AdminApiError } from './admin-api-error.js';
import type { AdminClient } from './admin-client.js';
import { provisioningLogPageSchema } from './admin-responses.js';
import type { CliContext } from './cli-context.js';
import { CliError } from './cli-error.js';
import { createLogCursor } from './log-cursor.js';
import { formatLogLine, formatLogTime, oldestFirst } from './log-lines.js';
import { withProgress } from './progress.js';
import { parseTimeBound } from './time-bound.js';

/** The most entries one request may ask for; a follow poll always asks for this many. */
const maxLimit = 1000;

const logsOptionsSchema = z.object({
  sync: z.string().optional(),
  user: z.string().optional(),
  since: z.string(),
  until: z.string().optional(),
  limit: z.number().int(),
  follow: z.boolean().default(false),
  interval: z.number(),
});

type LogsOptions = z.infer<typeof logsOptionsSchema>;

/** Adds the `logs` command to `program`. */
export function registerLogsCommand(program: Command, context: CliContext): void {
  program
    .command('logs')
    .description('show provisioning log entries, oldest first (--json: one JSON object per line)')
    .option('--sync <id>', 'only this sync')
    .option('--user <id>', 'only this source user (object id)')
    .option('--since <when>', 'from: a duration back from now (30m, 1h, 2d) or an ISO date', '1h')
    .option('--until <when>', 'to: a duration back from now or an ISO date')
    .addOption(
      new Option('--limit <n>', `the most entries to show (1-${maxLimit})`)
        .argParser(integerIn(1, maxLimit))
        .default(100),
    )
    .option('--follow', 'keep showing new entries (polling) until Ctrl-C')
    .addOption(
      new Option('--interval <seconds>', 'seconds between polls with --follow')
        .argParser(secondsIn(0.2, 60))
        .default(2),
    )
    .action(async (rawOptions: unknown, command: Command) => {
      const options = logsOptionsSchema.parse(rawOptions);
      const globals = context.globals(command);
      const now = context.io.now();
      const since = parseTimeBound(options.since, now, '--since');
      const until = options.until === undefined ? undefined : parseTimeBound(options.until, now, '--until');
      if (options.follow && until)
        throw new CliError('--follow shows new entries as they come; it cannot take --until.', {
          exitCode: 2,
        });
      if (until && until <= since) throw new CliError('--until must be later than --since.', { exitCode: 2 });

      const client = await context.adminClient(globals);
      const show = (entry: ProvisioningLogEntry): void => {
        context.print(globals.json ? JSON.stringify(entry) : formatLogLine(entry, context.style));
      };
      const first = await withProgress(
        context.io.stderr,
        `Fetching provisioning logs from ${client.baseUrl}…`,
        () => fetchEntries(client, options, since, until, options.limit),
      );
      const shown = oldestFirst(first);
      shown.forEach(show);
      if (!options.follow) {
        if (shown.length === 0)
          context.note(`No provisioning log entries since ${formatLogTime(since.toISOString())}.`);
        return;
      }
      await follow(context, client, options, createLogCursor(since, shown), show);
    });
}

/** Polls for entries newer than the last one shown until the run is interrupted. */
async function follow(
  context: CliContext,
  client: AdminClient,
  options: LogsOptions,
  cursor: ReturnType<typeof createLogCursor>,
  show: (entry: ProvisioningLogEntry) => void,
): Promise<void> {
  const { signal } = context.io;
  // A function, not a property read, because the abort happens while awaiting (narrowing would hide that).
  const interrupted = (): boolean => signal.aborted;
  context.note(`Following new entries every ${options.interval} s; press Ctrl-C to stop.`);
  let failing = false;
  while (!interrupted()) {
    try {
      await sleep(options.interval * 1000, undefined, { signal });
      const entries = await fetchEntries(client, options, cursor.since, undefined, maxLimit);
      cursor.take(entries).forEach(show);
      if (entries.length >= maxLimit) {
        context.note(
          `warning: more than ${maxLimit} entries arrived between two polls; narrow with --sync or --user.`,
        );
      }
      failing = false;
    } catch (error) {
      if (interrupted()) return;
      // A refused key or a bad query will not get better; a restarting host or a network blip may.
      if (error instanceof AdminApiError && error.status < 500 && error.status !== 429) throw error;
      if (!failing)
        context.note(`warning: ${error instanceof Error ? error.message : String(error)} Still trying.`);
      failing = true;
    }
  }
}

async function fetchEntries(
  client: AdminClient,
  options: LogsOptions,
  since: Date,
  until: Date | undefined,
  limit: number,
): Promise<readonly ProvisioningLogEntry[]> {
  const page = await client.send({
    method: 'GET',
    path: '/api/provisioning-logs',
    query: {
      syncId: options.sync,
      sourceUserId: options.user,
      since: since.toISOString(),
      until: until?.toISOString(),
      limit: String(limit),
    },
    schema: provisioningLogPageSchema,
  });
  return page.entries;
}

function integerIn(min: number, max: number): (value: string) => number {
  return (value) => {
    const number = Number(value);
    if (!/^\d+$/.test(value) || number < min || number > max) {
      throw new InvalidArgumentError(`expected a whole number from ${min} to ${max}`);
    }
    return number;
  };
}

function secondsIn(min: number, max: number): (value: string) => number {
  return (value) => {
    const number = Number(value);
    if (value.trim() === '' || !Number.isFinite(number) || number < min || number > max) {
      throw new InvalidArgumentError(`expected seconds from ${min} to ${max}`);
    }
    return number;
  };
}
