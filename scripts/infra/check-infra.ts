import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { loadBicepFiles } from './bicep-file.js';
import { checkBicepProject } from './check-bicep-project.js';
import { checkResult, isPassed, type CheckResult } from './check-result.js';

/** Where the infra check reads from. */
export interface CheckInfraOptions {
  /** Directory searched recursively for `.bicep` files; it holds main.bicep. */
  readonly infraDirectory: string;
  /** local.settings.sample.json, whose keys the app settings must cover. */
  readonly settingsSamplePath: string;
  /** Parameters file to compare with main.bicep; defaults to main.parameters.json in the infra directory. */
  readonly parametersPath?: string;
}

/** The outcome of an infra check: every check with its problems, and whether all passed. */
export interface InfraReport {
  readonly infraDirectory: string;
  readonly files: readonly string[];
  readonly results: readonly CheckResult[];
  readonly passed: boolean;
}

const settingsSampleSchema = z.object({ Values: z.record(z.string(), z.string()) });

type JsonRead =
  | { readonly kind: 'found'; readonly value: unknown }
  | { readonly kind: 'absent' }
  | { readonly kind: 'invalid'; readonly reason: string };

async function readJson(filePath: string): Promise<JsonRead> {
  let text: string;
  try {
    text = await readFile(filePath, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'absent' };
    return { kind: 'invalid', reason: `${filePath}: cannot be read (${(error as Error).message})` };
  }
  try {
    return { kind: 'found', value: JSON.parse(text) as unknown };
  } catch (error) {
    return { kind: 'invalid', reason: `${filePath}: not valid JSON (${(error as Error).message})` };
  }
}

/**
 * Parses every `.bicep` file under the infra directory (each once) and checks syntax and structure against
 * the local settings sample and the parameters file.
 *
 * @throws Error when the infra directory cannot be read
 */
export async function checkInfra(options: CheckInfraOptions): Promise<InfraReport> {
  const files = await loadBicepFiles(options.infraDirectory);
  const inputProblems: string[] = [];

  const sample = await readJson(options.settingsSamplePath);
  const parsedSample = sample.kind === 'found' ? settingsSampleSchema.safeParse(sample.value) : undefined;
  if (sample.kind === 'absent') inputProblems.push(`${options.settingsSamplePath}: not found`);
  if (sample.kind === 'invalid') inputProblems.push(sample.reason);
  if (parsedSample && !parsedSample.success) {
    inputProblems.push(
      `${options.settingsSamplePath}: ${z.prettifyError(parsedSample.error).replaceAll('\n', ' ')}`,
    );
  }

  const parametersPath = options.parametersPath ?? path.join(options.infraDirectory, 'main.parameters.json');
  const parameters = await readJson(parametersPath);
  if (parameters.kind === 'invalid') inputProblems.push(parameters.reason);

  const results = [
    checkResult('local.settings.sample.json and main.parameters.json are readable', inputProblems),
    ...checkBicepProject(files, {
      sampleSettingKeys: parsedSample?.success ? Object.keys(parsedSample.data.Values) : [],
      parametersFile: parameters.kind === 'found' ? parameters.value : undefined,
    }),
  ];
  return {
    infraDirectory: options.infraDirectory,
    files: files.map((file) => file.path),
    results,
    passed: results.every(isPassed),
  };
}
