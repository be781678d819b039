// The function app on Flex Consumption with two identities:
// - system-assigned: reaches host storage, state tables, Service Bus, Key Vault and App Insights (the
//   identity-based `__accountName`/`__endpoint`/`__fullyQualifiedNamespace` settings use it by default);
// - user-assigned: only the federated credential of the multi-tenant app registration, for Graph.
// Flex keeps the language in functionAppConfig.runtime, so FUNCTIONS_WORKER_RUNTIME and
// FUNCTIONS_EXTENSION_VERSION must not be set.

@description('Function app name, globally unique.')
param name string

@description('Flex Consumption plan name.')
param planName string

@description('Region of the plan and the app.')
param location string

@description('Tags of the plan and the app.')
param tags object

@description('Resource id of the user-assigned identity to attach.')
param userAssignedIdentityId string

@description('Client id of that identity (XTSYNC_MANAGED_IDENTITY_CLIENT_ID).')
param managedIdentityClientId string

@description('Host storage account name (AzureWebJobsStorage__accountName).')
param hostStorageName string

@description('URL of the blob container that holds the deployment package.')
param deploymentContainerUrl string

@description('Table endpoint of the state account (TablesConnection__endpoint).')
param tablesEndpoint string

@description('Fully qualified Service Bus namespace (ServiceBusConnection__fullyQualifiedNamespace).')
param serviceBusNamespace string

@description('Queue name (XTSYNC_SOURCE_QUEUE).')
param sourceQueueName string

@description('Topic name (XTSYNC_TARGET_TOPIC).')
param targetTopicName string

@description('Target tenants as { key, tenantId } (validated by main.bicep), for XTSYNC_TARGETS.')
param targets array

@description('Client id of the multi-tenant app registration (XTSYNC_APP_CLIENT_ID).')
param appClientId string

@description('Application Insights component the app reports to.')
param appInsightsName string

@description('NCRONTAB schedule of the reconciliation timer (XTSYNC_RECONCILE_SCHEDULE).')
param reconcileSchedule string

@description('Redirect URL for invitations (XTSYNC_INVITE_REDIRECT_URL).')
param inviteRedirectUrl string

@description('Attempts in the window before a failing sync may be quarantined (XTSYNC_QUARANTINE_MIN_ATTEMPTS).')
@minValue(1)
param quarantineMinAttempts int = 20

@description('Always-ready instances for the HTTP functions; 0 scales from zero.')
param alwaysReadyHttpInstances int

// environment().graph is the retired Azure AD Graph, so Microsoft Graph is named here (public cloud).
var graphBaseUrl = 'https://graph.microsoft.com'
// The sign-in host of the cloud this is deployed to; the app expects it without a trailing slash.
var loginEndpoint = environment().authentication.loginEndpoint
var authorityHost = endsWith(loginEndpoint, '/') ? substring(loginEndpoint, 0, length(loginEndpoint) - 1) : loginEndpoint

resource appInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: appInsightsName
}

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    tier: 'FlexConsumption'
    name: 'FC1'
  }
  properties: {
    reserved: true
  }
}

resource site 'Microsoft.Web/sites@2024-04-01' = {
  name: name
  location: location
  // azd finds the app to deploy service `api` (azure.yaml) by this tag.
  tags: union(tags, { 'azd-service-name': 'api' })
  kind: 'functionapp,linux'
  identity: {
    type: 'SystemAssigned, UserAssigned'
    userAssignedIdentities: {
      '${userAssignedIdentityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    siteConfig: {
      minTlsVersion: '1.2'
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: deploymentContainerUrl
          authentication: {
            type: 'SystemAssignedIdentity'
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: 100
        instanceMemoryMB: 2048
        alwaysReady: alwaysReadyHttpInstances > 0
          ? [
              {
                name: 'http'
                instanceCount: alwaysReadyHttpInstances
              }
            ]
          : []
      }
      runtime: {
        name: 'node'
        version: '22'
      }
    }
  }
}

// Every key of local.settings.sample.json that applies in Azure, in its identity-based form. Not set here:
// FUNCTIONS_WORKER_RUNTIME (Flex), XTSYNC_APP_CLIENT_SECRET and XTSYNC_APP_CERTIFICATE_PATH (the managed
// identity replaces them).
resource appSettings 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: site
  name: 'appsettings'
  properties: {
    AzureWebJobsStorage__accountName: hostStorageName
    TablesConnection__endpoint: tablesEndpoint
    ServiceBusConnection__fullyQualifiedNamespace: serviceBusNamespace
    XTSYNC_SOURCE_QUEUE: sourceQueueName
    XTSYNC_TARGET_TOPIC: targetTopicName
    XTSYNC_TARGETS: join(map(targets, target => '${target.key}=${toLower(target.tenantId)}'), ',')
    XTSYNC_PUBLIC_BASE_URL: 'https://${site.properties.defaultHostName}'
    XTSYNC_APP_CLIENT_ID: appClientId
    XTSYNC_MANAGED_IDENTITY_CLIENT_ID: managedIdentityClientId
    GRAPH_BASE_URL: graphBaseUrl
    GRAPH_AUTHORITY_HOST: authorityHost
    XTSYNC_RECONCILE_SCHEDULE: reconcileSchedule
    XTSYNC_INVITE_REDIRECT_URL: inviteRedirectUrl
    XTSYNC_QUARANTINE_MIN_ATTEMPTS: string(quarantineMinAttempts)
    // Not a secret: with local auth disabled it only names where telemetry goes, and sending needs a token.
    APPLICATIONINSIGHTS_CONNECTION_STRING: appInsights.properties.ConnectionString
    APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'Authorization=AAD'
  }
}

@description('Function app name.')
output name string = site.name

@description('Default host name, e.g. func-xtsync-abc.azurewebsites.net.')
output defaultHostName string = site.properties.defaultHostName

@description('Principal id of the system-assigned identity, which the role assignments are for.')
output principalId string = site.identity.principalId
