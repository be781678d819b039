/**
 * The identity checks of one tenant: can xtsync get a Graph token there, and does the token carry the
 * application permissions the tenant's role needs.
 */
import type { TopologyTenant } from '../core/topology/topology.js';
import { aadstsMeaning, permissionsFix, tenantLabel, tokenFix } from './doctor-fixes.js';
import type { TokenProbeResult } from './doctor-ports.js';
import type { DoctorCheck, DoctorScope } from './doctor-report.js';
import { missingPermissions, requiredPermissions, type TenantRole } from './doctor-roles.js';

/** The scope of checks about a whole tenant. */
export function tenantScope(tenant: TopologyTenant): DoctorScope {
  return { tenant: tenant.key, tenantId: tenant.tenantId };
}

/** `graph-token:<key>`: passes with the token, fails with the AADSTS code and the fix for it. */
export function tokenCheck(tenant: TopologyTenant, role: TenantRole, token: TokenProbeResult): DoctorCheck {
  const header = { id: `graph-token:${tenant.key}`, title: 'Graph token', scope: tenantScope(tenant) };
  if (token.kind === 'token') {
    return {
      ...header,
      status: 'pass',
      detail: `xtsync (app ${tenant.auth.clientId}, ${tenant.auth.type}) got a Graph token for ${tenantLabel(tenant)}.`,
    };
  }
  const meaning = aadstsMeaning(token.aadsts);
  return {
    ...header,
    status: 'fail',
    detail: `No Graph token for ${tenantLabel(tenant)}: ${token.message}${meaning === undefined ? '' : ` ${capitalize(meaning)}.`}`,
    fix: tokenFix(tenant, token, requiredPermissions(role)),
  };
}

/** `graph-roles:<key>`: the token's `roles` claim against what the tenant's role needs. */
export function rolesCheck(tenant: TopologyTenant, role: TenantRole, token: TokenProbeResult): DoctorCheck {
  const header = {
    id: `graph-roles:${tenant.key}`,
    title: `Graph permissions for ${describeRole(role)}`,
    scope: tenantScope(tenant),
  };
  const needed = requiredPermissions(role);
  if (token.kind === 'failed') {
    return {
      ...header,
      status: 'skip',
      detail: `Cannot read the permissions without a token; see the Graph token check of ${tenant.key}.`,
    };
  }
  if (needed.length === 0) {
    return { ...header, status: 'pass', detail: 'No sync uses this tenant, so it needs no permission.' };
  }
  const missing = missingPermissions(token.roles, needed);
  const granted = token.roles.length === 0 ? 'none' : [...token.roles].sort().join(', ');
  if (missing.length === 0) {
    return {
      ...header,
      status: 'pass',
      detail: `Needs ${needed.join(' + ')}; the token carries ${granted}.`,
    };
  }
  return {
    ...header,
    status: 'fail',
    detail: `Missing ${missing.join(', ')} (needs ${needed.join(' + ')}; the token carries ${granted}).`,
    fix: permissionsFix(tenant, missing, token.servicePrincipalId),
  };
}

function describeRole(role: TenantRole): string {
  switch (role) {
    case 'source':
      return 'a source tenant';
    case 'target':
      return 'a target tenant';
    case 'both':
      return 'a source and target tenant';
    case 'none':
      return 'a tenant without syncs';
  }
}

function capitalize(text: string): string {
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}`;
}
