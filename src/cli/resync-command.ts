/**
 * `xtsync resync SYNC [USER…]`: with users, provisions them now (`POST /api/resync`, 50 per call) and prints
 * each user's step report; without users, starts a full resync of the sync and follows its job
 * (`GET /api/jobs/{id}`) with a progress line on stderr until it ends, or with `--no-wait` prints the job id.
 * Exits 1 when a user's step failed or the job failed.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { z } from 'zod';
import { AdminApiError } from './admin-api-error.js';
import type { AdminClient } from './admin-client.js';
import type { CliContext } from './cli-context.js';
import { CliError } from './cli-error.js';
import { withProgress } from './progress.js';
import {
  describeJobProgress,
  formatJob,
  formatOnDemandReport,
  summarizeReports,
} from './resync-report-format.js';
import {
  jobSchema,
  onDemandResponseSchema,
  resyncStartedSchema,
  type JobResponse,
  type OnDemandReportResponse,
} from './resync-responses.js';

/** Users per `POST /api/resync` (the API's limit). */
const usersPerCall = 50;
/** Consecutive failed polls tolerated (a restarting host, a network blip) before giving up. */
const maxFailedPolls = 5;

const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const resyncOptionsSchema = z.object({ wait: z.boolean().default(true), interval: z.number() });

/** Adds the `resync` command to `program`. */
export function registerResyncCommand(program: Command, context: CliContext): void {
  program
    .command('resync')
    .description('provision users of a sync now with a step report, or run a full resync of the sync')
    .argument('<sync>', 'the sync id (as in the topology)')
    .argument('[users...]', 'source user object ids; without any, a full resync of the sync')
    .option('--no-wait', 'full resync: print the job id and return without following it')
    .addOption(
      new Option('--interval <seconds>', 'full resync: seconds between progress polls')
        .argParser(secondsIn(0.2, 60))
        .default(1),
    )
    .action(async (syncId: string, users: string[], rawOptions: unknown, command: Command) => {
      const options = resyncOptionsSchema.parse(rawOptions);
      const globals = context.globals(command);
      const invalid = users.find((user) => !guid.test(user));
      if (invalid !== undefined)
        throw new CliError(`USER '${invalid}' is not a source user object id (a GUID).`, { exitCode: 2 });
      const client = await context.adminClient(globals);
      if (users.length > 0) {
        await provisionUsers(context, client, syncId, users, globals.json);
        return;
      }
      await fullResync(context, client, syncId, { ...options, json: globals.json });
    });
}

async function provisionUsers(
  context: CliContext,
  client: AdminClient,
  syncId: string,
  users: readonly string[],
  json: boolean,
): Promise<void> {
  const reports: OnDemandReportResponse[] = [];
  for (let start = 0; start < users.length; start += usersPerCall) {
    const batch = users.slice(start, start + usersPerCall);
    const label = `Provisioning ${reports.length + batch.length} of ${users.length} user(s) of ${syncId}…`;
    const answer = await withProgress(context.io.stderr, label, () =>
      client.send({
        method: 'POST',
        path: '/api/resync',
        body: { text: JSON.stringify({ syncId, sourceUserIds: batch }), contentType: 'application/json' },
        schema: onDemandResponseSchema,
      }),
    );
    reports.push(...answer.reports);
  }
  if (json) {
    context.print(JSON.stringify({ syncId, reports }, null, 2));
  } else {
    for (const report of reports) context.print(`${formatOnDemandReport(report, context.style)}\n`);
    context.print(summarizeReports(reports));
  }
  const failed = reports.filter((report) => report.outcome === 'failure').length;
  if (failed > 0) {
    throw new CliError(
      `${failed} of ${reports.length} user(s) failed; the failed step${json ? '' : ' above'} says why.`,
    );
  }
}

async function fullResync(
  context: CliContext,
  client: AdminClient,
  syncId: string,
  options: { readonly wait: boolean; readonly interval: number; readonly json: boolean },
): Promise<void> {
  const { jobId } = await client.send({
    method: 'POST',
    path: '/api/resync',
    body: { text: JSON.stringify({ syncId }), contentType: 'application/json' },
    schema: resyncStartedSchema,
  });
  if (!options.wait) {
    context.print(options.json ? JSON.stringify({ jobId }) : jobId);
    context.note(`Full resync of ${syncId} started; GET /api/jobs/${jobId} reports its progress.`);
    return;
  }
  let latest: JobResponse | undefined;
  const job = await withProgress(
    context.io.stderr,
    () => `Full resync of ${syncId} (job ${jobId}) ${latest ? describeJobProgress(latest) : 'queued'}`,
    () =>
      followJob(context, client, jobId, options.interval, (seen) => {
        latest = seen;
      }),
  );
  context.print(options.json ? JSON.stringify(job, null, 2) : formatJob(job, context.style));
  if (job.status === 'failed') {
    throw new CliError(`The full resync failed: ${job.error?.code ?? 'UNKNOWN'}.`);
  }
}

/** Polls the job until it has ended; Ctrl-C stops following (the job goes on on the server). */
async function followJob(
  context: CliContext,
  client: AdminClient,
  jobId: string,
  intervalSeconds: number,
  onProgress: (job: JobResponse) => void,
): Promise<JobResponse> {
  const { signal } = context.io;
  let failures = 0;
  for (;;) {
    try {
      const job = await client.send({ method: 'GET', path: `/api/jobs/${jobId}`, schema: jobSchema });
      onProgress(job);
      failures = 0;
      if (job.status === 'succeeded' || job.status === 'failed') return job;
    } catch (error) {
      if (signal.aborted) throw interrupted(jobId);
      const transient = error instanceof AdminApiError && (error.status >= 500 || error.status === 429);
      failures += 1;
      if (!transient || failures >= maxFailedPolls) throw error;
    }
    try {
      await sleep(intervalSeconds * 1000, undefined, { signal });
    } catch {
      throw interrupted(jobId);
    }
  }
}

function interrupted(jobId: string): CliError {
  return new CliError(`Stopped following; the full resync goes on on the server (job ${jobId}).`, {
    exitCode: 130,
  });
}

function secondsIn(min: number, max: number): (value: string) => number {
  return (value) => {
    const number = Number(value);
    if (!Number.isFinite(number) || number < min || number > max) {
      throw new InvalidArgumentError(`expected seconds from ${min} to ${max}`);
    }
    return number;
  };
}
