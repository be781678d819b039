import type { BicepFile } from './bicep-file.js';
import { toBicepProject } from './bicep-project.js';
import { checkResult, type CheckResult } from './check-result.js';
import { checkAppSettings } from './rules/app-settings-rules.js';
import { checkFunctionApp } from './rules/function-app-rules.js';
import { checkIdentityAccess } from './rules/identity-access-rules.js';
import { checkParameters } from './rules/parameter-rules.js';
import { checkRequiredResources } from './rules/required-resources.js';
import { checkRoleAssignments } from './rules/role-assignment-rules.js';
import { checkServiceBus } from './rules/service-bus-rules.js';
import { findSyntaxProblems } from './syntax-problems.js';

/** What the structure checks compare the templates with, besides the templates themselves. */
export interface BicepProjectInputs {
  /** Keys of `Values` in local.settings.sample.json. */
  readonly sampleSettingKeys: readonly string[];
  /** Parsed main.parameters.json, or undefined when there is none. */
  readonly parametersFile?: unknown;
}

/**
 * Runs every check over parsed Bicep files: first the syntax gate (ERROR and MISSING nodes), then the
 * structure xtsync depends on. Structure checks still run on a file with syntax errors, on the tree the
 * parser recovered, so one report shows everything.
 */
export function checkBicepProject(files: readonly BicepFile[], inputs: BicepProjectInputs): CheckResult[] {
  const syntax = files.flatMap((file) =>
    findSyntaxProblems(file).map(
      (problem) => `${problem.location}: ${problem.kind.toUpperCase()} ${problem.detail}`,
    ),
  );
  const project = toBicepProject(files);
  return [
    checkResult('Bicep files are found', files.length === 0 ? ['no .bicep file in the directory'] : []),
    checkResult('every .bicep file parses', syntax),
    ...checkParameters(project, inputs.parametersFile),
    ...checkRequiredResources(project),
    ...checkFunctionApp(project),
    ...checkRoleAssignments(project),
    ...checkServiceBus(project),
    ...checkIdentityAccess(project),
    ...checkAppSettings(project, inputs.sampleSettingKeys),
  ];
}
