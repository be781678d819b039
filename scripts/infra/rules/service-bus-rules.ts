import type { ResourceDeclaration } from '../bicep-declarations.js';
import { parametersOf } from '../bicep-declarations.js';
import { resourcesOfType, type BicepProject } from '../bicep-project.js';
import { checkResult, type CheckResult } from '../check-result.js';
import { literalAt, mentionsIdentifier, propertiesOf, propertyAt, stringLiteral } from '../bicep-values.js';

function named(resources: readonly ResourceDeclaration[], name: string): ResourceDeclaration | undefined {
  return resources.find((resource) => literalAt(resource.body, 'name') === name);
}

function requireTrue(
  resource: ResourceDeclaration,
  label: string,
  ...properties: readonly string[]
): string[] {
  return properties
    .filter((property) => literalAt(resource.body, 'properties', property) !== true)
    .map((property) => `${resource.location}: ${label} needs ${property}: true`);
}

function requireSet(
  resource: ResourceDeclaration,
  label: string,
  ...properties: readonly string[]
): string[] {
  return properties
    .filter((property) => propertyAt(resource.body, 'properties', property) === undefined)
    .map((property) => `${resource.location}: ${label} needs ${property}`);
}

function isTargetsLoop(resource: ResourceDeclaration): boolean {
  return resource.loop !== undefined && mentionsIdentifier(resource.loop.iterable, 'targets');
}

function checkNamespace(project: BicepProject): string[] {
  return resourcesOfType(project, 'Microsoft.ServiceBus/namespaces').flatMap((namespace) => {
    const problems = requireTrue(namespace, `namespace ${namespace.symbol}`, 'disableLocalAuth');
    const sku = propertyAt(namespace.body, 'sku');
    const parameters = parametersOf(namespace.file).map((parameter) => parameter.name);
    if (!sku || !parameters.some((parameter) => mentionsIdentifier(sku, parameter))) {
      problems.push(
        `${namespace.location}: the namespace sku must come from a parameter (Standard or Premium)`,
      );
    }
    return problems;
  });
}

function checkQueue(project: BicepProject): string[] {
  const queue = named(resourcesOfType(project, 'Microsoft.ServiceBus/namespaces/queues'), 'source-changes');
  if (!queue) return ["no queue named 'source-changes' is declared"];
  const label = 'queue source-changes';
  return [
    ...requireTrue(
      queue,
      label,
      'requiresSession',
      'requiresDuplicateDetection',
      'deadLetteringOnMessageExpiration',
    ),
    ...requireSet(queue, label, 'duplicateDetectionHistoryTimeWindow', 'maxDeliveryCount'),
  ];
}

function checkTopic(project: BicepProject): string[] {
  const topic = named(resourcesOfType(project, 'Microsoft.ServiceBus/namespaces/topics'), 'target-changes');
  if (!topic) return ["no topic named 'target-changes' is declared"];
  return requireTrue(topic, 'topic target-changes', 'requiresDuplicateDetection');
}

function checkSubscriptions(project: BicepProject): string[] {
  const subscriptions = resourcesOfType(project, 'Microsoft.ServiceBus/namespaces/topics/subscriptions');
  const looped = subscriptions.filter(isTargetsLoop);
  if (looped.length === 0) {
    return ['topic subscriptions: no subscription resource is declared as a loop over the targets parameter'];
  }
  const problems = subscriptions
    .filter((subscription) => !isTargetsLoop(subscription))
    .map(
      (subscription) =>
        `${subscription.location}: subscription ${subscription.symbol} is not one of the per-target loop`,
    );
  for (const subscription of looped) {
    const name = propertyAt(subscription.body, 'name');
    const prefix = name?.type === 'string' ? name.text.startsWith("'target-${") : false;
    if (!prefix)
      problems.push(`${subscription.location}: subscriptions must be named 'target-\${<target>.key}'`);
    problems.push(...requireTrue(subscription, `subscription ${subscription.symbol}`, 'requiresSession'));
  }
  return problems;
}

function checkRules(project: BicepProject): string[] {
  const rules = resourcesOfType(project, 'Microsoft.ServiceBus/namespaces/topics/subscriptions/rules');
  const problems = rules
    .filter((rule) => {
      const name = propertyAt(rule.body, 'name');
      return (name ? stringLiteral(name) : undefined) !== '$Default';
    })
    .map(
      (rule) =>
        `${rule.location}: rule ${rule.symbol} must be named '$Default' to replace the match-all rule`,
    );
  const routing = rules.filter((rule) => {
    if (!isTargetsLoop(rule) || literalAt(rule.body, 'properties', 'filterType') !== 'CorrelationFilter')
      return false;
    const filter = propertyAt(rule.body, 'properties', 'correlationFilter', 'properties');
    const tenant = filter ? propertiesOf(filter).find((p) => p.key === 'targetTenantId') : undefined;
    const variables = rule.loop?.variables ?? [];
    return tenant !== undefined && variables.some((variable) => mentionsIdentifier(tenant.value, variable));
  });
  if (routing.length === 0) {
    problems.push(
      "subscription rules: no '$Default' CorrelationFilter rule on application property targetTenantId, looped over the targets parameter",
    );
  }
  return problems;
}

/**
 * Checks Service Bus: local auth off and sku from a parameter; queue `source-changes` with sessions, duplicate
 * detection, a delivery limit and dead-lettering; topic `target-changes` with duplicate detection; one
 * session-enabled subscription per target from a loop over `targets`, each with a single `$Default`
 * correlation rule on `targetTenantId`.
 */
export function checkServiceBus(project: BicepProject): CheckResult[] {
  return [
    checkResult(
      'the Service Bus namespace allows Entra ID only and takes its sku from a parameter',
      checkNamespace(project),
    ),
    checkResult('queue source-changes has sessions and duplicate detection', checkQueue(project)),
    checkResult('topic target-changes has duplicate detection', checkTopic(project)),
    checkResult(
      'one session-enabled subscription per target, from a loop over targets',
      checkSubscriptions(project),
    ),
    checkResult(
      "each subscription's only rule is a $Default correlation filter on targetTenantId",
      checkRules(project),
    ),
  ];
}
