// Service Bus for the two hops of the pipeline (docs/architecture.md, "Messages"):
// queue `source-changes` (session = source tenant) and topic `target-changes` with one session-enabled
// subscription per target tenant, routed by the application property `targetTenantId`.
// Sessions and duplicate detection can only be set when an entity is created.

@description('Namespace name: 6-50 letters, digits and hyphens, globally unique.')
@minLength(6)
@maxLength(50)
param name string

@description('Region of the namespace.')
param location string

@description('Tags of the namespace.')
param tags object

@description('Tier: topics, sessions and duplicate detection need Standard or Premium.')
@allowed([
  'Standard'
  'Premium'
])
param sku string

@description('Target tenants as { key, tenantId } (validated by main.bicep): one subscription target-<key> each.')
param targets array

// The window in which a repeated messageId is dropped (ARM default): long enough for a redelivered drain to
// republish nothing new.
var duplicateWindow = 'PT10M'
var maxDeliveryCount = 10

resource namespace 'Microsoft.ServiceBus/namespaces@2022-10-01-preview' = {
  name: name
  location: location
  tags: tags
  sku: sku == 'Premium'
    ? {
        name: 'Premium'
        tier: 'Premium'
        capacity: 1
      }
    : {
        name: 'Standard'
        tier: 'Standard'
      }
  properties: {
    // Entra ID only: no SAS keys, so no connection string can exist.
    disableLocalAuth: true
    minimumTlsVersion: '1.2'
  }
}

resource sourceQueue 'Microsoft.ServiceBus/namespaces/queues@2022-10-01-preview' = {
  parent: namespace
  name: 'source-changes'
  properties: {
    requiresSession: true
    requiresDuplicateDetection: true
    duplicateDetectionHistoryTimeWindow: duplicateWindow
    maxDeliveryCount: maxDeliveryCount
    lockDuration: 'PT1M'
    defaultMessageTimeToLive: 'P14D'
    deadLetteringOnMessageExpiration: true
  }
}

resource targetTopic 'Microsoft.ServiceBus/namespaces/topics@2022-10-01-preview' = {
  parent: namespace
  name: 'target-changes'
  properties: {
    requiresDuplicateDetection: true
    duplicateDetectionHistoryTimeWindow: duplicateWindow
    defaultMessageTimeToLive: 'P14D'
  }
}

resource targetSubscriptions 'Microsoft.ServiceBus/namespaces/topics/subscriptions@2022-10-01-preview' = [
  for target in targets: {
    parent: targetTopic
    name: 'target-${target.key}'
    properties: {
      requiresSession: true
      maxDeliveryCount: maxDeliveryCount
      lockDuration: 'PT1M'
      defaultMessageTimeToLive: 'P14D'
      deadLetteringOnMessageExpiration: true
      deadLetteringOnFilterEvaluationExceptions: true
    }
  }
]

// Naming the rule $Default replaces the implicit match-all rule in the same request, so no message for another
// tenant can land in this subscription while it is being set up.
resource targetRules 'Microsoft.ServiceBus/namespaces/topics/subscriptions/rules@2022-10-01-preview' = [
  for (target, i) in targets: {
    parent: targetSubscriptions[i]
    name: '$Default'
    properties: {
      filterType: 'CorrelationFilter'
      correlationFilter: {
        properties: {
          // The publisher writes tenant ids in lower case; a correlation filter matches exactly.
          targetTenantId: toLower(target.tenantId)
        }
      }
    }
  }
]

@description('Namespace name.')
output name string = namespace.name

// serviceBusEndpoint is `https://<host>:443/`; taking the host from it keeps sovereign clouds right.
var endpointAuthority = split(namespace.properties.serviceBusEndpoint, '/')[2]

@description('Host name of the namespace (ServiceBusConnection__fullyQualifiedNamespace).')
output fullyQualifiedNamespace string = split(endpointAuthority, ':')[0]

@description('Name of the source-changes queue.')
output queueName string = sourceQueue.name

@description('Name of the target-changes topic.')
output topicName string = targetTopic.name
