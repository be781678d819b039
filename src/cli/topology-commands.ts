/**
 * `xtsync topology validate|plan|apply FILE`: validate a topology file locally, preview what applying it
 * would change, and apply it through the admin API. Every command validates the file first, so a file with
 * problems is reported with its line numbers and never reaches the server.
 */
import type { Command } from 'commander';
import type { z } from 'zod';
import { TopologyError } from '../core/topology/topology-error.js';
import { AdminApiError, describeAdminApiError } from './admin-api-error.js';
import type { AdminClient } from './admin-client.js';
import { applyResultSchema, planResultSchema } from './admin-responses.js';
import { formatApplyReport } from './apply-report.js';
import type { CliContext } from './cli-context.js';
import { CliError } from './cli-error.js';
import { formatPlanReport } from './plan-report.js';
import { withProgress } from './progress.js';
import { readTopologyFile, type TopologyFile } from './topology-file.js';
import { formatValidationReport } from './topology-report.js';
import { toTopologySummaryJson } from './topology-summary.js';

/** Adds the `topology` command group to `program`. */
export function registerTopologyCommands(program: Command, context: CliContext): void {
  const topology = program.command('topology').description('validate, preview and apply topology files');

  topology
    .command('validate')
    .description('check a topology file locally and show its shape, tenants and syncs')
    .argument('<file>', 'topology file (YAML, see docs/topology.md)')
    .action(async (fileName: string, _options: unknown, command: Command) => {
      const { json } = context.globals(command);
      let file: TopologyFile;
      try {
        file = await readTopologyFile(fileName, context.resolvePath(fileName));
      } catch (error) {
        if (json && error instanceof TopologyError) {
          context.print(JSON.stringify({ valid: false, file: fileName, issues: error.issues }, null, 2));
        }
        throw error;
      }
      context.print(
        json
          ? JSON.stringify(toTopologySummaryJson(fileName, file.topology, file.shape), null, 2)
          : formatValidationReport(fileName, file.topology, file.shape, context.style),
      );
    });

  topology
    .command('plan')
    .description('show what applying a topology file would create, update and remove, without writing')
    .argument('<file>', 'topology file (YAML)')
    .action(async (fileName: string, _options: unknown, command: Command) => {
      const globals = context.globals(command);
      const file = await readTopologyFile(fileName, context.resolvePath(fileName));
      const client = await context.adminClient(globals);
      const result = await sendFile(context, client, file, 'Planning', true, planResultSchema);
      context.print(
        globals.json ? JSON.stringify(result, null, 2) : formatPlanReport(fileName, result, context.style),
      );
    });

  topology
    .command('apply')
    .description('store a topology file as the new active version and start its syncs')
    .argument('<file>', 'topology file (YAML)')
    .action(async (fileName: string, _options: unknown, command: Command) => {
      const globals = context.globals(command);
      const file = await readTopologyFile(fileName, context.resolvePath(fileName));
      const client = await context.adminClient(globals);
      const result = await sendFile(context, client, file, 'Applying', false, applyResultSchema);
      context.print(
        globals.json
          ? JSON.stringify(result, null, 2)
          : formatApplyReport(fileName, result, file.topology, context.style),
      );
    });
}

/** Posts the file's text, exactly as read, to `/api/topology`; server issues are shown against the file. */
async function sendFile<T>(
  context: CliContext,
  client: AdminClient,
  file: TopologyFile,
  verb: string,
  dryRun: boolean,
  schema: z.ZodType<T>,
): Promise<T> {
  try {
    return await withProgress(context.io.stderr, `${verb} ${file.fileName} at ${client.baseUrl}…`, () =>
      client.send({
        method: 'POST',
        path: '/api/topology',
        query: { dryRun: dryRun ? 'true' : undefined },
        body: { text: file.text, contentType: 'application/yaml' },
        schema,
      }),
    );
  } catch (error) {
    if (error instanceof AdminApiError && error.issues.length > 0) {
      throw new CliError(describeAdminApiError(error, file.fileName), { cause: error });
    }
    throw error;
  }
}
