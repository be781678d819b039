import { z } from 'zod';
import type { BicepProject } from '../bicep-project.js';
import { checkResult, type CheckResult } from '../check-result.js';

/** Parameters main.bicep must offer: what an operator (or `xtsync infra params`) fills in. */
export const requiredParameters: readonly string[] = [
  'baseName',
  'location',
  'serviceBusSku',
  'appClientId',
  'targets',
  'reconcileSchedule',
  'inviteRedirectUrl',
];

const targetsSchema = z
  .array(
    z.object({
      key: z.string().regex(/^[a-z0-9-]{1,40}$/, 'lower-case letters, digits and hyphens, at most 40'),
      tenantId: z.guid(),
    }),
  )
  .min(1)
  .refine(
    (targets) => new Set(targets.map((target) => target.key)).size === targets.length,
    'keys must be unique',
  );

const parametersFileSchema = z.object({
  parameters: z.record(z.string(), z.object({ value: z.unknown() })),
});

function parametersFileProblems(project: BicepProject, parametersFile: unknown): string[] {
  const parsed = parametersFileSchema.safeParse(parametersFile);
  if (!parsed.success) {
    return [`main.parameters.json: ${z.prettifyError(parsed.error).replaceAll('\n', ' ')}`];
  }
  const given = parsed.data.parameters;
  const declared = new Set(project.mainParameters.map((parameter) => parameter.name));
  const problems = Object.keys(given)
    .filter((name) => !declared.has(name))
    .map((name) => `main.parameters.json: parameter ${name} is not declared in main.bicep`);
  problems.push(
    ...project.mainParameters
      .filter((parameter) => !parameter.hasDefault && !(parameter.name in given))
      .map((parameter) => `main.parameters.json: required parameter ${parameter.name} has no value`),
  );
  const targets = given.targets;
  if (targets !== undefined) {
    const checked = targetsSchema.safeParse(targets.value);
    if (!checked.success) {
      problems.push(`main.parameters.json: targets: ${z.prettifyError(checked.error).replaceAll('\n', ' ')}`);
    }
  }
  return problems;
}

/**
 * Checks that main.bicep declares the deployment's parameters and, when a parameters file is given, that it
 * sets only declared parameters, every required one, and well-formed targets.
 *
 * @param parametersFile - the parsed JSON of main.parameters.json, or undefined when there is none
 */
export function checkParameters(project: BicepProject, parametersFile: unknown): CheckResult[] {
  const hasMain = project.files.some((file) => file.path === 'main.bicep');
  const declared = new Set(project.mainParameters.map((parameter) => parameter.name));
  const missing = hasMain
    ? requiredParameters
        .filter((name) => !declared.has(name))
        .map((name) => `main.bicep: parameter ${name} is not declared`)
    : ['main.bicep: not found'];
  const results = [checkResult('main.bicep declares the deployment parameters', missing)];
  if (parametersFile !== undefined) {
    results.push(
      checkResult('main.parameters.json matches main.bicep', parametersFileProblems(project, parametersFile)),
    );
  }
  return results;
}
