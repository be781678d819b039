// The user-assigned identity that is the federated credential of the multi-tenant app registration: the
// function app asks it for an `api://AzureADTokenExchange` token and trades that for Graph tokens in each
// tenant, so no client secret exists anywhere. It needs no Azure role: it only ever signs in as the app.

@description('Name of the identity.')
param name string

@description('Region of the identity.')
param location string

@description('Tags of the identity.')
param tags object

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: name
  location: location
  tags: tags
}

@description('Resource id, to attach the identity to the function app.')
output id string = identity.id

@description('Client id: XTSYNC_MANAGED_IDENTITY_CLIENT_ID.')
output clientId string = identity.properties.clientId

@description('Principal (object) id: the subject of the federated identity credential.')
output principalId string = identity.properties.principalId
