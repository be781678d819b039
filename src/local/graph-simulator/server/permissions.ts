/**
 * App-role rules per kind of operation (reference/graph-api.md §7.1): a call passes when the token's
 * `roles` claim holds any role of the rule's set.
 */
import type { GraphCall } from './graph-exchange.js';

type RoleCheck = (roles: ReadonlySet<string>, call: GraphCall) => boolean;

function anyOf(...accepted: string[]): RoleCheck {
  return (roles) => accepted.some((role) => roles.has(role));
}

/** Reading users, delta, deleted items and the organization. */
export const canReadUsers: RoleCheck = anyOf(
  'User.Read.All',
  'User.ReadWrite.All',
  'Directory.Read.All',
  'Directory.ReadWrite.All',
);

/** `POST /invitations`. */
export const canInvite: RoleCheck = anyOf('User.Invite.All', 'User.ReadWrite.All', 'Directory.ReadWrite.All');

/** Creating, deleting, restoring and purging users. */
export const canWriteUsers: RoleCheck = anyOf('User.ReadWrite.All', 'Directory.ReadWrite.All');

/**
 * `PATCH /users/{id}`: full write roles, or — when only `accountEnabled` changes — the granular
 * `User.EnableDisableAccount.All` together with `User.Read.All`.
 */
export const canUpdateUser: RoleCheck = (roles, call) => {
  if (canWriteUsers(roles, call)) return true;
  const body = call.body;
  const onlyAccountEnabled =
    typeof body === 'object' &&
    body !== null &&
    Object.keys(body).length > 0 &&
    Object.keys(body).every((name) => name === 'accountEnabled');
  return onlyAccountEnabled && roles.has('User.EnableDisableAccount.All') && roles.has('User.Read.All');
};

/** Subscriptions on users: `User.Read.All` or broader. */
export const canSubscribeToUsers: RoleCheck = canReadUsers;

/** Tenant policies (authorization policy, cross-tenant access partners). */
export const canReadPolicies: RoleCheck = anyOf('Policy.Read.All', 'Directory.Read.All');

/** Routes whose permission is checked per inner request (`$batch`). */
export const anyCaller: RoleCheck = () => true;
