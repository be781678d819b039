/**
 * `xtsync doctor [--topology FILE]`: asks the deployment to check what each tenant and the infrastructure
 * still need — for the active topology, or for FILE before it is applied — and prints every check with the
 * fix for each problem. Exits 1 when a check fails, so scripts and CI can gate on it.
 */
import type { Command } from 'commander';
import { z } from 'zod';
import { AdminApiError, describeAdminApiError } from './admin-api-error.js';
import type { AdminClient } from './admin-client.js';
import type { CliContext } from './cli-context.js';
import { CliError } from './cli-error.js';
import { formatDoctorReport } from './doctor-report-format.js';
import { doctorReportSchema, type DoctorReportResponse } from './doctor-response.js';
import { withProgress } from './progress.js';
import { readTopologyFile, type TopologyFile } from './topology-file.js';

const doctorOptionsSchema = z.object({ topology: z.string().min(1).optional() });

/** Adds the `doctor` command to `program`. */
export function registerDoctorCommand(program: Command, context: CliContext): void {
  program
    .command('doctor')
    .description('check tokens, permissions, trust policies, subscriptions and infrastructure, with fixes')
    .option('--topology <file>', 'check this topology file (YAML) instead of the active topology')
    .action(async (rawOptions: unknown, command: Command) => {
      const globals = context.globals(command);
      const options = doctorOptionsSchema.parse(rawOptions);
      const file =
        options.topology === undefined
          ? null
          : await readTopologyFile(options.topology, context.resolvePath(options.topology));
      const client = await context.adminClient(globals);
      const what = file === null ? 'the active topology' : file.fileName;
      const report = await withProgress(context.io.stderr, `Checking ${what} at ${client.baseUrl}…`, () =>
        requestReport(client, file),
      );
      context.print(
        globals.json ? JSON.stringify(report, null, 2) : formatDoctorReport(report, context.style),
      );
      const failed = report.checks.filter((check) => check.status === 'fail').length;
      if (failed > 0) {
        throw new CliError(
          `${failed} check${failed === 1 ? '' : 's'} failed; each failure${globals.json ? '' : ' above'} says how to fix it.`,
        );
      }
    });
}

/** Posts the file's text, exactly as read (or nothing), to `/api/doctor`; server issues are shown against the file. */
async function requestReport(client: AdminClient, file: TopologyFile | null): Promise<DoctorReportResponse> {
  try {
    return await client.send({
      method: 'POST',
      path: '/api/doctor',
      ...(file === null ? {} : { body: { text: file.text, contentType: 'application/yaml' } }),
      schema: doctorReportSchema,
    });
  } catch (error) {
    if (file !== null && error instanceof AdminApiError && error.issues.length > 0) {
      throw new CliError(describeAdminApiError(error, file.fileName), { cause: error });
    }
    throw error;
  }
}
