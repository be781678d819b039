// xtsync in one resource group: the function app, its identities, Service Bus, state tables, Key Vault
// and monitoring. Plain resources only (no registry modules) so `npm run infra:check` can read every file.
targetScope = 'resourceGroup'

@description('One target tenant: `key` names the topic subscription target-<key> and the function apply-to-<key>.')
type targetTenant = {
  @description('Lower-case letters, digits and hyphens; unique among the targets.')
  @minLength(1)
  @maxLength(40)
  key: string

  @description('The target tenant id (a GUID).')
  @minLength(36)
  @maxLength(36)
  tenantId: string
}

@description('Short name that every resource name starts from: lower-case letters, digits and hyphens.')
@minLength(3)
@maxLength(16)
param baseName string

@description('Region of every resource; defaults to the resource group\'s region.')
param location string = resourceGroup().location

@description('Service Bus tier. Topics, sessions and duplicate detection need Standard or Premium.')
@allowed([
  'Standard'
  'Premium'
])
param serviceBusSku string = 'Standard'

@description('Application (client) id of the multi-tenant app registration that xtsync calls Graph as.')
@minLength(36)
@maxLength(36)
param appClientId string

@description('Target tenants: each gets its own topic subscription and apply function.')
@minLength(1)
param targets targetTenant[]

@description('NCRONTAB schedule (6 fields, with seconds) of the reconciliation timer.')
param reconcileSchedule string = '0 */30 * * * *'

@description('Where invited users land after redeeming an invitation.')
param inviteRedirectUrl string = 'https://myapps.microsoft.com'

@description('Instances kept warm for the HTTP functions, so Graph notifications never wait on a cold start.')
@minValue(0)
@maxValue(10)
param alwaysReadyHttpInstances int = 0

@description('Tags added to every resource.')
param tags object = {}

// One token per resource group and base name keeps names globally unique and stable across redeployments.
var token = toLower(uniqueString(subscription().id, resourceGroup().id, baseName))
var compactName = toLower(replace(baseName, '-', ''))
var names = {
  identity: 'id-${baseName}-${token}'
  logAnalytics: 'log-${baseName}-${token}'
  appInsights: 'appi-${baseName}-${token}'
  hostStorage: 'st${take(compactName, 8)}h${token}'
  tablesStorage: 'st${take(compactName, 8)}t${token}'
  serviceBus: 'sb-${baseName}-${token}'
  keyVault: 'kv${take(compactName, 9)}${token}'
  plan: 'plan-${baseName}-${token}'
  functionApp: 'func-${baseName}-${token}'
}
var deploymentContainerName = 'app-package'

module identity 'modules/user-assigned-identity.bicep' = {
  name: 'xtsync-identity'
  params: {
    name: names.identity
    location: location
    tags: tags
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'xtsync-monitoring'
  params: {
    logAnalyticsName: names.logAnalytics
    appInsightsName: names.appInsights
    location: location
    tags: tags
  }
}

module hostStorage 'modules/storage-account.bicep' = {
  name: 'xtsync-host-storage'
  params: {
    name: names.hostStorage
    location: location
    tags: tags
    containerNames: [deploymentContainerName]
  }
}

module tablesStorage 'modules/storage-account.bicep' = {
  name: 'xtsync-tables-storage'
  params: {
    name: names.tablesStorage
    location: location
    tags: tags
    // No tables here: the app creates its (optionally prefixed) tables on first use, which Storage Table Data
    // Contributor allows, so the list lives in one place (src/adapters/tables).
    containerNames: []
  }
}

module serviceBus 'modules/service-bus.bicep' = {
  name: 'xtsync-service-bus'
  params: {
    name: names.serviceBus
    location: location
    tags: tags
    sku: serviceBusSku
    targets: targets
  }
}

module keyVault 'modules/key-vault.bicep' = {
  name: 'xtsync-key-vault'
  params: {
    name: names.keyVault
    location: location
    tags: tags
  }
}

module functionApp 'modules/function-app.bicep' = {
  name: 'xtsync-function-app'
  params: {
    name: names.functionApp
    planName: names.plan
    location: location
    tags: tags
    userAssignedIdentityId: identity.outputs.id
    managedIdentityClientId: identity.outputs.clientId
    hostStorageName: hostStorage.outputs.name
    deploymentContainerUrl: '${hostStorage.outputs.blobEndpoint}${deploymentContainerName}'
    tablesEndpoint: tablesStorage.outputs.tableEndpoint
    serviceBusNamespace: serviceBus.outputs.fullyQualifiedNamespace
    sourceQueueName: serviceBus.outputs.queueName
    targetTopicName: serviceBus.outputs.topicName
    targets: targets
    appClientId: appClientId
    appInsightsName: monitoring.outputs.appInsightsName
    reconcileSchedule: reconcileSchedule
    inviteRedirectUrl: inviteRedirectUrl
    alwaysReadyHttpInstances: alwaysReadyHttpInstances
  }
}

module roleAssignments 'modules/role-assignments.bicep' = {
  name: 'xtsync-role-assignments'
  params: {
    principalId: functionApp.outputs.principalId
    serviceBusNamespaceName: serviceBus.outputs.name
    hostStorageName: hostStorage.outputs.name
    tablesStorageName: tablesStorage.outputs.name
    keyVaultName: keyVault.outputs.name
    appInsightsName: monitoring.outputs.appInsightsName
  }
}

@description('Name of the function app (for `func azure functionapp publish`).')
output functionAppName string = functionApp.outputs.name

@description('Default host name of the function app; XTSYNC_PUBLIC_BASE_URL is https:// plus this.')
output functionAppHostName string = functionApp.outputs.defaultHostName

@description('Fully qualified Service Bus namespace, e.g. sb-xtsync-abc.servicebus.windows.net.')
output serviceBusNamespace string = serviceBus.outputs.fullyQualifiedNamespace

@description('Table endpoint of the state storage account.')
output tablesEndpoint string = tablesStorage.outputs.tableEndpoint

@description('Name of the Key Vault for optional Graph certificates.')
output keyVaultName string = keyVault.outputs.name

@description('Tenant the managed identity lives in: the issuer tenant of the federated identity credential.')
output homeTenantId string = subscription().tenantId

@description('Client id of the user-assigned identity that signs in as the multi-tenant app.')
output managedIdentityClientId string = identity.outputs.clientId

@description('Principal (object) id of that identity: the subject of the federated identity credential.')
output managedIdentityPrincipalId string = identity.outputs.principalId
