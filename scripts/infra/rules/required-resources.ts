import { resourcesOfType, type BicepProject } from '../bicep-project.js';
import { checkResult, type CheckResult } from '../check-result.js';

/** The resources an xtsync deployment is made of, by ARM type, with what each is for. */
export const requiredResourceTypes: readonly (readonly [type: string, purpose: string])[] = [
  ['Microsoft.Web/serverfarms', 'Flex Consumption plan'],
  ['Microsoft.Web/sites', 'function app'],
  ['Microsoft.ManagedIdentity/userAssignedIdentities', 'user-assigned identity (federated credential)'],
  ['Microsoft.Storage/storageAccounts', 'host and table storage'],
  ['Microsoft.Storage/storageAccounts/blobServices/containers', 'deployment package container'],
  ['Microsoft.ServiceBus/namespaces', 'Service Bus namespace'],
  ['Microsoft.ServiceBus/namespaces/queues', 'queue source-changes'],
  ['Microsoft.ServiceBus/namespaces/topics', 'topic target-changes'],
  ['Microsoft.ServiceBus/namespaces/topics/subscriptions', 'one subscription per target tenant'],
  ['Microsoft.ServiceBus/namespaces/topics/subscriptions/rules', 'correlation filter per subscription'],
  ['Microsoft.KeyVault/vaults', 'Key Vault'],
  ['Microsoft.OperationalInsights/workspaces', 'Log Analytics workspace'],
  ['Microsoft.Insights/components', 'Application Insights'],
  ['Microsoft.Authorization/roleAssignments', 'role assignments'],
];

/** Checks that every required resource type is deployed by at least one declaration (not only `existing`). */
export function checkRequiredResources(project: BicepProject): CheckResult[] {
  return [
    checkResult(
      'every required resource is declared',
      requiredResourceTypes
        .filter(([type]) => resourcesOfType(project, type).length === 0)
        .map(([type, purpose]) => `no ${type} resource is declared (${purpose})`),
    ),
  ];
}
