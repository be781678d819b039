/**
 * The fixes for the tenant policies xtsync relies on (docs/deploy.md step 6): guest invitations must not be
 * switched off in a target, and automatic redemption must be trusted inbound in the target for the source
 * and outbound in the source for the target. Each names the Entra admin-center steps and the Graph call.
 */
import type { TopologyTenant } from '../core/topology/topology.js';
import { tenantLabel } from './doctor-fixes.js';

/** Which side of a sync a redemption setting is on. */
export type RedemptionDirection = 'inbound' | 'outbound';

const partnersUrl = 'https://graph.microsoft.com/v1.0/policies/crossTenantAccessPolicy/partners';
const crossTenantSettings = 'Entra admin center → External Identities → Cross-tenant access settings';

/** The fix for `allowInvitesFrom: none` in a target. */
export function invitationsFix(target: TopologyTenant): string {
  return (
    `Allow guest invitations in ${tenantLabel(target)}: Entra admin center → External Identities → External ` +
    'collaboration settings → Guest invite settings: pick any option but "No one in the organization can ' +
    'invite guest users including admins". Graph: PATCH https://graph.microsoft.com/v1.0/policies/' +
    'authorizationPolicy {"allowInvitesFrom":"adminsAndGuestInviters"}.'
  );
}

/**
 * The fix when `owner` has no partner entry for `partner`: add the organization with the one trust setting
 * the sync needs from `owner`'s side.
 */
export function addOrganizationFix(
  owner: TopologyTenant,
  partner: TopologyTenant,
  direction: RedemptionDirection,
): string {
  const allowed = direction === 'inbound' ? 'inboundAllowed' : 'outboundAllowed';
  return (
    `In ${tenantLabel(owner)}, add ${partner.key} as an organization: ${crossTenantSettings} → ` +
    `Organizational settings → Add organization → ${partner.tenantId}; then ${trustStep(partner, direction)} ` +
    `(needs Security Administrator). Graph, in ${owner.key}: POST ${partnersUrl} ` +
    `{"tenantId":"${partner.tenantId}","automaticUserConsentSettings":{"${allowed}":true}}.`
  );
}

/**
 * The fix when `owner`'s partner entry for `partner` does not allow automatic redemption in `direction`.
 * The PATCH repeats the other direction's current value, because Graph replaces the whole
 * `automaticUserConsentSettings` object.
 */
export function redemptionFix(
  owner: TopologyTenant,
  partner: TopologyTenant,
  direction: RedemptionDirection,
  otherDirectionAllowed: boolean,
): string {
  const settings =
    direction === 'inbound'
      ? { inboundAllowed: true, outboundAllowed: otherDirectionAllowed }
      : { inboundAllowed: otherDirectionAllowed, outboundAllowed: true };
  return (
    `In ${tenantLabel(owner)}: ${crossTenantSettings} → Organizational settings → ${partner.key} ` +
    `(${partner.tenantId}) → ${trustStep(partner, direction)} (needs Security Administrator). Graph, in ` +
    `${owner.key}: PATCH ${partnersUrl}/${partner.tenantId} ` +
    `${JSON.stringify({ automaticUserConsentSettings: settings })}.`
  );
}

function trustStep(partner: TopologyTenant, direction: RedemptionDirection): string {
  const side = direction === 'inbound' ? 'Inbound access' : 'Outbound access';
  return `${side} → Trust settings → tick "Automatically redeem invitations with the tenant ${partner.tenantId}"`;
}
