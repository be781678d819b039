/**
 * The policy checks: a target must allow guest invitations, and each sync needs automatic redemption trusted
 * inbound in its target (for the source) and outbound in its source (for the target). They read policies,
 * which needs Policy.Read.All: without it, or without a token, the checks are skipped with the fix.
 */
import type { TopologySync, TopologyTenant } from '../core/topology/topology.js';
import { runCheck, type CheckHeader, type CheckOutcome } from './doctor-check-runner.js';
import { policyReadFix, tenantLabel } from './doctor-fixes.js';
import {
  addOrganizationFix,
  invitationsFix,
  redemptionFix,
  type RedemptionDirection,
} from './doctor-policy-fixes.js';
import type { PolicyRead, TenantProbe, TokenProbeResult } from './doctor-ports.js';
import type { DoctorCheck } from './doctor-report.js';
import { tenantScope } from './doctor-tenant-checks.js';

/** A tenant with its probe and the outcome of its token request. */
export interface ProbedTenant {
  readonly tenant: TopologyTenant;
  readonly probe: TenantProbe;
  readonly token: TokenProbeResult;
}

/** `guest-invitations:<key>`: the target's `authorizationPolicy.allowInvitesFrom` is not `none`. */
export function invitationsCheck(target: ProbedTenant, timeoutMs: number): Promise<DoctorCheck> {
  const header: CheckHeader = {
    id: `guest-invitations:${target.tenant.key}`,
    title: 'Guest invitations allowed',
    scope: tenantScope(target.tenant),
  };
  return runCheck(
    header,
    () =>
      withPolicy(
        target,
        () => target.probe.readAuthorizationPolicy(),
        (read) => {
          if (read.kind === 'not-found') {
            return {
              status: 'fail',
              detail: 'Graph has no authorization policy for this tenant.',
              fix: invitationsFix(target.tenant),
            };
          }
          const { allowInvitesFrom } = read.value;
          if (allowInvitesFrom === 'none') {
            return {
              status: 'fail',
              detail: `No one may invite guests in ${tenantLabel(target.tenant)} (allowInvitesFrom: none), so every invitation xtsync sends fails.`,
              fix: invitationsFix(target.tenant),
            };
          }
          return {
            status: 'pass',
            detail: `Invitations are allowed (allowInvitesFrom: ${allowInvitesFrom}).`,
          };
        },
      ),
    timeoutMs,
  );
}

/**
 * `inbound-redemption:<syncId>` (read in the target, partner = source) or `outbound-redemption:<syncId>`
 * (read in the source, partner = target): automatic redemption is allowed for the sync's pair.
 */
export function redemptionCheck(
  sync: TopologySync,
  direction: RedemptionDirection,
  source: ProbedTenant,
  target: ProbedTenant,
  timeoutMs: number,
): Promise<DoctorCheck> {
  const [owner, partner] = direction === 'inbound' ? [target, source] : [source, target];
  const header: CheckHeader = {
    id: `${direction}-redemption:${sync.id}`,
    title:
      direction === 'inbound'
        ? `Automatic redemption inbound from ${source.tenant.key}`
        : `Automatic redemption outbound to ${target.tenant.key}`,
    scope: { ...tenantScope(owner.tenant), syncId: sync.id },
  };
  const setting = `automaticUserConsentSettings.${direction}Allowed`;
  return runCheck(
    header,
    () =>
      withPolicy(
        owner,
        () => owner.probe.readPartnerPolicy(partner.tenant.tenantId),
        (read) => {
          if (read.kind === 'not-found') {
            return {
              status: 'fail',
              detail: `${tenantLabel(owner.tenant)} has no cross-tenant access settings for ${tenantLabel(partner.tenant)}.`,
              fix: addOrganizationFix(owner.tenant, partner.tenant, direction),
            };
          }
          const { inboundAllowed, outboundAllowed } = read.value;
          const [allowed, other] =
            direction === 'inbound' ? [inboundAllowed, outboundAllowed] : [outboundAllowed, inboundAllowed];
          if (allowed === true) {
            return { status: 'pass', detail: `${setting} is true for ${tenantLabel(partner.tenant)}.` };
          }
          return {
            status: 'fail',
            detail:
              `${tenantLabel(owner.tenant)} does not automatically redeem invitations ${direction === 'inbound' ? 'from' : 'to'} ` +
              `${partner.tenant.key} (${setting}: ${String(allowed)}), so users of sync ${sync.id} would be asked for consent.`,
            fix: redemptionFix(owner.tenant, partner.tenant, direction, other === true),
          };
        },
      ),
    timeoutMs,
  );
}

/** Reads a policy with the owner's probe, unless there is no token; a 403 skips the check with the fix. */
async function withPolicy<T>(
  owner: ProbedTenant,
  read: () => Promise<PolicyRead<T>>,
  judge: (read: Exclude<PolicyRead<T>, { kind: 'forbidden' }>) => CheckOutcome,
): Promise<CheckOutcome> {
  if (owner.token.kind === 'failed') {
    return {
      status: 'skip',
      detail: `Cannot read policies without a token; see the Graph token check of ${owner.tenant.key}.`,
    };
  }
  const result = await read();
  if (result.kind === 'forbidden') {
    return {
      status: 'skip',
      detail: `xtsync may not read policies in ${tenantLabel(owner.tenant)} (Policy.Read.All is not granted).`,
      fix: policyReadFix(owner.tenant, owner.token.servicePrincipalId),
    };
  }
  return judge(result);
}
