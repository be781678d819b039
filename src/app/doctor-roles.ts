/**
 * Which Microsoft Graph application permissions a tenant needs for the part it plays in the topology, and
 * which granted roles cover them (reference/graph-api.md §7.1): a broader role such as
 * `Directory.ReadWrite.All` covers the narrower ones, so least privilege is advised but not required.
 */
import type { Topology, TopologyTenant } from '../core/topology/topology.js';

/** The part a tenant plays: users are read from it, provisioned into it, both (a mesh), or neither. */
export type TenantRole = 'source' | 'target' | 'both' | 'none';

/** A permission the doctor checks for. */
export type RequiredPermission = 'User.Read.All' | 'User.Invite.All' | 'User.ReadWrite.All';

// Each permission and the granted roles that allow what xtsync does with it.
const coveringRoles: Readonly<Record<RequiredPermission, readonly string[]>> = {
  'User.Read.All': ['User.Read.All', 'User.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All'],
  'User.Invite.All': ['User.Invite.All', 'User.ReadWrite.All', 'Directory.ReadWrite.All'],
  'User.ReadWrite.All': ['User.ReadWrite.All', 'Directory.ReadWrite.All'],
};

/** The role of `tenant` in `topology`, from the syncs that start or end there. */
export function tenantRoleOf(topology: Topology, tenant: TopologyTenant): TenantRole {
  const isSource = topology.syncs.some((sync) => sync.from === tenant.key);
  const isTarget = topology.syncs.some((sync) => sync.to === tenant.key);
  if (isSource && isTarget) return 'both';
  if (isSource) return 'source';
  if (isTarget) return 'target';
  return 'none';
}

/** The permissions a tenant with `role` needs: source `User.Read.All`; target `User.Invite.All` + `User.ReadWrite.All`. */
export function requiredPermissions(role: TenantRole): readonly RequiredPermission[] {
  switch (role) {
    case 'source':
      return ['User.Read.All'];
    case 'target':
      return ['User.Invite.All', 'User.ReadWrite.All'];
    case 'both':
      return ['User.Read.All', 'User.Invite.All', 'User.ReadWrite.All'];
    case 'none':
      return [];
  }
}

/** The permissions of `needed` that no role in `granted` covers, in the order of `needed`. */
export function missingPermissions(
  granted: readonly string[],
  needed: readonly RequiredPermission[],
): RequiredPermission[] {
  const held = new Set(granted.map((role) => role.toLowerCase()));
  return needed.filter(
    (permission) => !coveringRoles[permission].some((role) => held.has(role.toLowerCase())),
  );
}
