/**
 * `xtsync infra params FILE`: writes the topology-derived Bicep parameters (targets, appClientId) into the
 * deployment parameters file, keeping every other parameter, and prints what changed and the matching
 * `XTSYNC_TARGETS` setting, so subscriptions and apply functions cover the same target tenants.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import { deriveBicepParameters, parametersFileSchema, type ParametersFile } from './bicep-parameters.js';
import type { CliContext } from './cli-context.js';
import { CliError } from './cli-error.js';
import { describeFileError, isNodeError } from './file-errors.js';
import { readTopologyFile } from './topology-file.js';

/** Where azd and the deployment docs expect the parameters. */
export const defaultParametersFile = 'infra/main.parameters.json';

const paramsOptionsSchema = z.object({ out: z.string(), baseName: z.string().optional() });

/** Adds the `infra` command group to `program`. */
export function registerInfraCommands(program: Command, context: CliContext): void {
  const infra = program.command('infra').description('keep the Azure deployment in step with the topology');
  infra
    .command('params')
    .description('write the Bicep parameters a topology needs (target tenants, app client id)')
    .argument('<file>', 'topology file (YAML)')
    .option('--out <file>', 'deployment parameters file to update', defaultParametersFile)
    .option('--base-name <name>', 'baseName parameter (kept from the file when not given; default xtsync)')
    .action(async (fileName: string, rawOptions: unknown, command: Command) => {
      const options = paramsOptionsSchema.parse(rawOptions);
      const { json } = context.globals(command);
      const { topology } = await readTopologyFile(fileName, context.resolvePath(fileName));
      const outPath = context.resolvePath(options.out);
      const existing = await readParametersFile(options.out, outPath);
      const derived = deriveBicepParameters(topology, existing, { baseName: options.baseName });
      const text = `${JSON.stringify(derived.document, null, 2)}\n`;
      const changed = derived.changes.length > 0 || existing === null;
      if (changed) await writeAtomically(outPath, text, options.out);

      if (json) {
        context.print(
          JSON.stringify(
            {
              file: options.out,
              changed,
              changes: derived.changes,
              kept: derived.kept,
              parameters: derived.document,
              xtsyncTargets: derived.xtsyncTargets,
            },
            null,
            2,
          ),
        );
        return;
      }
      const { style } = context;
      if (changed) {
        context.print(`${style.green('✔')} ${existing === null ? 'Created' : 'Updated'} ${options.out}:`);
        derived.changes.forEach((change) => {
          context.print(`  ${change}`);
        });
      } else {
        context.print(`${options.out} is already up to date.`);
      }
      if (derived.kept.length > 0) context.print(style.dim(`  kept: ${derived.kept.join(', ')}`));
      context.print();
      context.print('The function app setting that matches these targets:');
      context.print(`  XTSYNC_TARGETS=${derived.xtsyncTargets}`);
    });
}

async function readParametersFile(fileName: string, filePath: string): Promise<ParametersFile | null> {
  let text: string;
  try {
    text = await readFile(filePath, 'utf8');
  } catch (error) {
    if (isNodeError(error) && error.code === 'ENOENT') return null;
    throw new CliError(`Cannot read ${fileName}: ${describeFileError(error)}.`, { cause: error });
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new CliError(
      `${fileName} is not valid JSON (${error instanceof Error ? error.message : 'parse error'}); fix it or choose another --out.`,
    );
  }
  const parsed = parametersFileSchema.safeParse(data);
  if (!parsed.success) {
    throw new CliError(
      `${fileName} is not a deployment parameters file (expected an object with "parameters").`,
    );
  }
  return parsed.data;
}

/** Writes through a temporary file and a rename, so an interrupted run never leaves half a file behind. */
async function writeAtomically(filePath: string, text: string, fileName: string): Promise<void> {
  const temporary = `${filePath}.${randomUUID()}.tmp`;
  try {
    await mkdir(path.dirname(filePath), { recursive: true });
    await writeFile(temporary, text, 'utf8');
    await rename(temporary, filePath);
  } catch (error) {
    await rm(temporary, { force: true });
    throw new CliError(`Cannot write ${fileName}: ${describeFileError(error)}.`, { cause: error });
  }
}
