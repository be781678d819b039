import { resourcesOfType, type BicepProject } from '../bicep-project.js';
import { checkResult, type CheckResult } from '../check-result.js';
import { literalAt, propertiesOf, propertyAt } from '../bicep-values.js';

/**
 * Checks the function app: Flex Consumption (FC1), Node 22 in `functionAppConfig.runtime`, the deployment
 * container reached by identity, and both a system-assigned and a user-assigned identity.
 */
export function checkFunctionApp(project: BicepProject): CheckResult[] {
  const plans = resourcesOfType(project, 'Microsoft.Web/serverfarms');
  const planProblems = plans
    .filter((plan) => literalAt(plan.body, 'sku', 'name') !== 'FC1')
    .map((plan) => `${plan.location}: plan ${plan.symbol} is not sku FC1 (Flex Consumption)`);

  const sites = resourcesOfType(project, 'Microsoft.Web/sites');
  const [site] = sites;
  if (site === undefined || sites.length > 1) {
    const count = `${sites.length} Microsoft.Web/sites resources are declared; expected exactly one function app`;
    return [checkResult('the function app runs on Flex Consumption with Node 22', [...planProblems, count])];
  }
  const at = site.location;

  const runtimeProblems = [...planProblems];
  if (!String(literalAt(site.body, 'kind') ?? '').includes('functionapp')) {
    runtimeProblems.push(`${at}: site ${site.symbol} is not of kind functionapp`);
  }
  const runtimeName = literalAt(site.body, 'properties', 'functionAppConfig', 'runtime', 'name');
  const runtimeVersion = literalAt(site.body, 'properties', 'functionAppConfig', 'runtime', 'version');
  if (runtimeName !== 'node' || runtimeVersion !== '22') {
    runtimeProblems.push(
      `${at}: functionAppConfig.runtime must be { name: 'node', version: '22' } (found ${String(runtimeName)} ${String(runtimeVersion)})`,
    );
  }
  const deploymentAuth = literalAt(
    site.body,
    ...['properties', 'functionAppConfig', 'deployment', 'storage', 'authentication', 'type'],
  );
  if (deploymentAuth !== 'SystemAssignedIdentity' && deploymentAuth !== 'UserAssignedIdentity') {
    runtimeProblems.push(`${at}: the deployment container must be reached by identity (authentication.type)`);
  }

  const identityProblems: string[] = [];
  const identityTypes = String(literalAt(site.body, 'identity', 'type') ?? '')
    .split(',')
    .map((part) => part.trim());
  for (const wanted of ['SystemAssigned', 'UserAssigned']) {
    if (!identityTypes.includes(wanted)) identityProblems.push(`${at}: identity.type lacks ${wanted}`);
  }
  const attached = propertyAt(site.body, 'identity', 'userAssignedIdentities');
  if (!attached || propertiesOf(attached).length === 0) {
    identityProblems.push(`${at}: identity.userAssignedIdentities attaches no user-assigned identity`);
  }

  return [
    checkResult('the function app runs on Flex Consumption with Node 22', runtimeProblems),
    checkResult('the function app has a system-assigned and a user-assigned identity', identityProblems),
  ];
}
