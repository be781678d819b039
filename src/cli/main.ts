/**
 * The operator CLI `xtsync`: builds the command tree (one module per command group), runs it, and turns
 * every failure into one clear message on stderr and an exit code. bin/xtsync.js loads this file through
 * tsx, so the CLI runs from the TypeScript sources without a build step.
 */
import process from 'node:process';
import { Command, CommanderError } from 'commander';
import { cliSettings } from '../config.js';
import { SyncError } from '../core/sync-errors.js';
import { AdminApiError, describeAdminApiError } from './admin-api-error.js';
import { createCliContext, defaultStackFile } from './cli-context.js';
import { CliError, type CliExitCode } from './cli-error.js';
import { writeLine, type CliIo } from './cli-io.js';
import { registerDeadLettersCommand } from './dead-letters-command.js';
import { registerDoctorCommand } from './doctor-command.js';
import { registerGuardsCommand } from './guards-command.js';
import { registerInfraCommands } from './infra-commands.js';
import { registerLogsCommand } from './logs-command.js';
import { registerResyncCommand } from './resync-command.js';
import { registerStatusCommand } from './status-command.js';
import { registerSyncsCommand } from './syncs-command.js';
import { registerTopologyCommands } from './topology-commands.js';

/**
 * Runs the CLI with `argv` (as `process.argv`: node, script, arguments) and resolves to the exit code; it
 * never throws and never exits the process, so pending output is always flushed.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<CliExitCode> {
  const context = createCliContext(io);
  const program = new Command('xtsync')
    .description(
      'Operate xtsync: validate and apply topologies, read provisioning logs, derive infra parameters.',
    )
    .option('--url <url>', 'admin API base URL (default: XTSYNC_URL, then the running local stack)')
    .option(
      '--key <key>',
      'admin function key (default: XTSYNC_ADMIN_KEY, then the local stack); prefer the setting',
    )
    .option('--json', 'print JSON instead of tables')
    .option('--stack <file>', 'the local stack file written by npm start', defaultStackFile)
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    })
    .showHelpAfterError('(run xtsync --help for usage)');
  registerTopologyCommands(program, context);
  registerLogsCommand(program, context);
  registerInfraCommands(program, context);
  registerDoctorCommand(program, context);
  registerResyncCommand(program, context);
  registerStatusCommand(program, context);
  registerGuardsCommand(program, context);
  registerSyncsCommand(program, context);
  registerDeadLettersCommand(program, context);
  try {
    await program.parseAsync([...argv]);
    return 0;
  } catch (error) {
    return report(error, io);
  }
}

/**
 * Runs the CLI for this process: real streams, working directory, settings and clock; the first Ctrl-C
 * stops the run cleanly (a second one exits at once with 130).
 */
export async function runCliInProcess(argv: readonly string[] = process.argv): Promise<CliExitCode> {
  const controller = new AbortController();
  const onInterrupt = (): void => {
    if (controller.signal.aborted) process.exit(130);
    controller.abort();
  };
  process.on('SIGINT', onInterrupt);
  try {
    return await runCli(argv, {
      stdout: process.stdout,
      stderr: process.stderr,
      cwd: process.cwd(),
      settings: cliSettings(),
      now: () => new Date(),
      signal: controller.signal,
    });
  } finally {
    process.off('SIGINT', onInterrupt);
  }
}

function report(error: unknown, io: CliIo): CliExitCode {
  // Commander has already printed its own message (usage errors, help).
  if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
  if (error instanceof AdminApiError) {
    writeLine(io.stderr, `error: ${describeAdminApiError(error)}`);
    return error.exitCode;
  }
  if (error instanceof CliError) {
    writeLine(io.stderr, `error: ${error.message}`);
    return error.exitCode;
  }
  if (error instanceof SyncError) {
    writeLine(io.stderr, `error: ${error.message}`);
    return 1;
  }
  // A bug, not an operator mistake: say so without a stack trace full of internals.
  writeLine(
    io.stderr,
    `error: unexpected failure (${error instanceof Error ? error.message : String(error)})`,
  );
  return 1;
}
