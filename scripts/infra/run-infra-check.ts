import path from 'node:path';
import { parseArgs } from 'node:util';
import { checkInfra, type InfraReport } from './check-infra.js';
import { formatReport } from './format-report.js';

/** What the command line needs from its surroundings. */
export interface RunInfraCheckOptions {
  /** Repository root: the defaults `infra/` and `local.settings.sample.json` are found there. */
  readonly repoRoot: string;
  /** Prints one line of output. */
  readonly write: (line: string) => void;
}

const usage = [
  'usage: npm run infra:check -- [infra-directory] [--settings FILE] [--parameters FILE]',
  '  infra-directory   where the .bicep files are (default: infra/)',
  '  --settings FILE   local settings sample (default: local.settings.sample.json)',
  '  --parameters FILE parameters file (default: main.parameters.json in the infra directory)',
];

function parseCommandLine(args: readonly string[]) {
  return parseArgs({
    args: [...args],
    allowPositionals: true,
    options: {
      settings: { type: 'string' },
      parameters: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

/**
 * Runs the infra check from command-line arguments and prints the report.
 *
 * @returns the process exit code: 0 when every check passed, 1 when one failed, 2 on bad arguments or a
 *   directory that cannot be read
 */
export async function runInfraCheck(args: readonly string[], options: RunInfraCheckOptions): Promise<number> {
  let parsed: ReturnType<typeof parseCommandLine>;
  try {
    parsed = parseCommandLine(args);
  } catch (error) {
    options.write((error as Error).message);
    usage.forEach(options.write);
    return 2;
  }
  if (parsed.values.help === true) {
    usage.forEach(options.write);
    return 0;
  }
  const { settings, parameters } = parsed.values;
  const infraDirectory = path.resolve(parsed.positionals[0] ?? path.join(options.repoRoot, 'infra'));
  let report: InfraReport;
  try {
    report = await checkInfra({
      infraDirectory,
      settingsSamplePath: path.resolve(settings ?? path.join(options.repoRoot, 'local.settings.sample.json')),
      ...(parameters === undefined ? {} : { parametersPath: path.resolve(parameters) }),
    });
  } catch (error) {
    options.write(`cannot check ${infraDirectory}: ${(error as Error).message}`);
    return 2;
  }
  formatReport(report).forEach((line) => {
    options.write(line);
  });
  return report.passed ? 0 : 1;
}
