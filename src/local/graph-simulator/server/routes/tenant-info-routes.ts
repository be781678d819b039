/**
 * Read-only tenant information from the seed: `/organization`, `/policies/authorizationPolicy` and the
 * cross-tenant access partner policies (with their identity synchronization settings), in Graph's shapes.
 */
import type { PartnerPolicy, SeedTenant, SimulatorSeed } from '../../seed.js';
import { graphError, jsonReply } from '../graph-exchange.js';
import type { GraphRoute, RouteContext } from '../graph-route.js';
import { odataContext } from '../odata-links.js';
import { canReadPolicies, canReadUsers } from '../permissions.js';

/** Routes answering from the seed's tenant data and policies. */
export function createTenantInfoRoutes(seed: SimulatorSeed): readonly GraphRoute[] {
  const tenantOf = (context: RouteContext): SeedTenant => {
    const tenant = seed.tenants.find(
      (t) => t.tenantId.toLowerCase() === context.caller.tenantId.toLowerCase(),
    );
    if (tenant === undefined)
      throw graphError(404, 'Request_ResourceNotFound', 'The tenant is not in the seed.');
    return tenant;
  };
  const partnerOf = (context: RouteContext): PartnerPolicy => {
    const partnerId = (context.params.partnerTenantId ?? '').toLowerCase();
    const partner = tenantOf(context).policies.partners.find((p) => p.tenantId.toLowerCase() === partnerId);
    if (partner === undefined) {
      throw graphError(
        404,
        'Request_ResourceNotFound',
        `Resource '${context.params.partnerTenantId ?? ''}' does not exist or one of its queried reference-property objects are not present.`,
      );
    }
    return partner;
  };
  return [
    {
      pattern: ['organization'],
      operations: {
        GET: {
          permission: canReadUsers,
          cost: 'identityRead',
          handle: (context) =>
            jsonReply(200, {
              '@odata.context': odataContext(context.baseUrl, 'organization'),
              value: [toOrganization(tenantOf(context))],
            }),
        },
      },
    },
    {
      pattern: ['policies', 'authorizationPolicy'],
      operations: {
        GET: {
          permission: canReadPolicies,
          cost: 'identityRead',
          handle: (context) =>
            jsonReply(200, {
              '@odata.context': odataContext(context.baseUrl, 'policies/authorizationPolicy/$entity'),
              ...toAuthorizationPolicy(tenantOf(context)),
            }),
        },
      },
    },
    {
      pattern: ['policies', 'crossTenantAccessPolicy', 'partners', ':partnerTenantId'],
      operations: {
        GET: {
          permission: canReadPolicies,
          cost: 'identityRead',
          handle: (context) =>
            jsonReply(200, {
              '@odata.context': odataContext(
                context.baseUrl,
                'policies/crossTenantAccessPolicy/partners/$entity',
              ),
              ...toPartnerConfiguration(partnerOf(context)),
            }),
        },
      },
    },
    {
      pattern: [
        'policies',
        'crossTenantAccessPolicy',
        'partners',
        ':partnerTenantId',
        'identitySynchronization',
      ],
      operations: {
        GET: {
          permission: canReadPolicies,
          cost: 'identityRead',
          handle: (context) => {
            const partner = partnerOf(context);
            return jsonReply(200, {
              '@odata.context': odataContext(
                context.baseUrl,
                `policies/crossTenantAccessPolicy/partners('${partner.tenantId}')/identitySynchronization/$entity`,
              ),
              tenantId: partner.tenantId,
              displayName: null,
              userSyncInbound: { isSyncAllowed: partner.inboundUserSyncAllowed },
            });
          },
        },
      },
    },
  ];
}

function toOrganization(tenant: SeedTenant): Record<string, unknown> {
  const domains = [tenant.defaultDomain, ...tenant.verifiedDomains];
  return {
    id: tenant.tenantId,
    displayName: tenant.displayName,
    tenantType: 'AAD',
    countryLetterCode: 'US',
    preferredLanguage: 'en',
    verifiedDomains: domains.map((name) => ({
      name,
      type: 'Managed',
      isDefault: name === tenant.defaultDomain,
      isInitial: name === tenant.defaultDomain,
      capabilities: 'Email, OfficeCommunicationsOnline',
    })),
  };
}

function toAuthorizationPolicy(tenant: SeedTenant): Record<string, unknown> {
  return {
    id: 'authorizationPolicy',
    displayName: 'Authorization Policy',
    description: 'Used to manage authorization related settings across the company.',
    allowInvitesFrom: tenant.policies.allowInvitesFrom,
    allowedToSignUpEmailBasedSubscriptions: true,
    allowedToUseSSPR: true,
    allowEmailVerifiedUsersToJoinOrganization: false,
    allowUserConsentForRiskyApps: null,
    blockMsolPowerShell: false,
    guestUserRoleId: '10dae51f-b6af-4016-8d66-8c2a99b929b3',
    defaultUserRolePermissions: {
      allowedToCreateApps: true,
      allowedToCreateSecurityGroups: true,
      allowedToCreateTenants: true,
      allowedToReadBitlockerKeysForOwnedDevice: true,
      allowedToReadOtherUsers: true,
      permissionGrantPoliciesAssigned: [],
    },
  };
}

function toPartnerConfiguration(partner: PartnerPolicy): Record<string, unknown> {
  return {
    tenantId: partner.tenantId,
    isServiceProvider: false,
    isInMultiTenantOrganization: false,
    inboundTrust: {
      isMfaAccepted: false,
      isCompliantDeviceAccepted: false,
      isHybridAzureADJoinedDeviceAccepted: false,
    },
    b2bCollaborationOutbound: null,
    b2bCollaborationInbound: null,
    b2bDirectConnectOutbound: null,
    b2bDirectConnectInbound: null,
    tenantRestrictions: null,
    automaticUserConsentSettings: {
      inboundAllowed: partner.inboundAutomaticRedemption,
      outboundAllowed: partner.outboundAutomaticRedemption,
    },
  };
}
