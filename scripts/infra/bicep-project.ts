import type { BicepFile } from './bicep-file.js';
import {
  outputsOf,
  parametersOf,
  resourcesOf,
  type OutputDeclaration,
  type ParameterDeclaration,
  type ResourceDeclaration,
} from './bicep-declarations.js';

/** Every declaration of a set of Bicep files (main template and modules), gathered once for the checks. */
export interface BicepProject {
  readonly files: readonly BicepFile[];
  /** Resources deployed by the files; `existing` references are left out. */
  readonly resources: readonly ResourceDeclaration[];
  readonly outputs: readonly OutputDeclaration[];
  /** Parameters of `main.bicep` (the deployment's entry point), empty when there is none. */
  readonly mainParameters: readonly ParameterDeclaration[];
}

/** Gathers the declarations of parsed files into one project view. */
export function toBicepProject(files: readonly BicepFile[]): BicepProject {
  const main = files.find((file) => file.path === 'main.bicep');
  return {
    files,
    resources: files.flatMap(resourcesOf).filter((resource) => !resource.existing),
    outputs: files.flatMap(outputsOf),
    mainParameters: main ? parametersOf(main) : [],
  };
}

/** Lists the deployed resources of an ARM type (case-insensitive, without API version). */
export function resourcesOfType(project: BicepProject, type: string): ResourceDeclaration[] {
  const wanted = type.toLowerCase();
  return project.resources.filter((resource) => resource.type.toLowerCase() === wanted);
}
