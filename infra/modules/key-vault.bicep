// Key Vault in RBAC mode for optional Graph certificates (the default credential is the managed identity's
// federated credential, which needs no secret). Access is granted by role, never by access policy.

@description('Vault name: 3-24 letters, digits and hyphens, globally unique.')
@minLength(3)
@maxLength(24)
param name string

@description('Region of the vault.')
param location string

@description('Tags of the vault.')
param tags object

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    // A deleted certificate can be recovered but never purged early: credentials deserve that guard.
    enablePurgeProtection: true
  }
}

@description('Vault name.')
output name string = vault.name
