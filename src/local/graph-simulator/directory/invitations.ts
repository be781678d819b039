/**
 * `POST /invitations` (reference/graph-api.md §3): creates a B2B user in `PendingAcceptance` and returns
 * the invitation resource. Re-inviting an address that already belongs to a B2B user is a resend (same
 * user, no write); an address of an internal user or of the tenant's own domains is refused.
 */
import type { GraphObject, InvitationBody } from './contract.js';
import { GraphHttpError } from '../graph-http-error.js';
import { badRequest, resourceNotFound } from './directory-errors.js';
import { domainOf } from './email-address.js';
import { parseInvitationBody, type InvitationRequest } from './invitation-body.js';
import type { UserRecord } from './user-record.js';
import type { UserStore } from './user-store.js';
import type { UserWriter } from './user-writer.js';

/** The inviting tenant as the invitation API sees it. */
export interface InvitationHost {
  readonly tenantId: string;
  readonly defaultDomain: string;
  readonly verifiedDomains: readonly string[];
  /** The tenant's `allowInvitesFrom` policy; `none` refuses every invitation. */
  readonly allowInvitesFrom: string;
  readonly store: UserStore;
  readonly writer: UserWriter;
  readonly newId: () => string;
}

function usersWithAddress(store: UserStore, address: string): UserRecord[] {
  const found = new Set<UserRecord>();
  for (const property of ['mail', 'userPrincipalName', 'otherMails'])
    for (const record of store.findByValue(property, address)) found.add(record);
  return [...found];
}

function redeemUrl(host: InvitationHost, invitationId: string): string {
  const target =
    `https://invitations.microsoft.com/redeem/?tenant=${host.tenantId}&user=${invitationId}` +
    `&ticket=${host.newId().replaceAll('-', '')}&ver=2.0`;
  // Graph percent-encodes with lower-case hex digits (`%3a%2f%2f`).
  const encoded = encodeURIComponent(target).replace(/%[0-9A-F]{2}/g, (escape) => escape.toLowerCase());
  return `https://login.microsoftonline.com/redeem?rd=${encoded}`;
}

function invitationResource(host: InvitationHost, request: InvitationRequest, userId: string): GraphObject {
  const id = host.newId();
  const info = request.invitedUserMessageInfo;
  return {
    '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#invitations/$entity',
    id,
    inviteRedeemUrl: redeemUrl(host, id),
    invitedUserDisplayName: request.invitedUserDisplayName ?? null,
    invitedUserType: request.invitedUserType,
    invitedUserEmailAddress: request.invitedUserEmailAddress,
    sendInvitationMessage: request.sendInvitationMessage,
    resetRedemption: request.resetRedemption,
    inviteRedirectUrl: request.inviteRedirectUrl,
    status: 'PendingAcceptance',
    invitedUserMessageInfo: {
      messageLanguage: info?.messageLanguage ?? null,
      customizedMessageBody: info?.customizedMessageBody ?? null,
      ccRecipients: info?.ccRecipients ?? [{ emailAddress: { name: null, address: null } }],
    },
    invitedUser: { id: userId },
  };
}

function alreadyExists(id: string): GraphHttpError {
  return badRequest(
    `The invited user already exists in the directory as objectID: ${id}. ` +
      'They can use that account to sign in to shared apps and resources.',
  );
}

function resetRedemption(host: InvitationHost, request: InvitationRequest): string {
  const id = request.invitedUser?.id;
  if (id === undefined)
    throw badRequest("resetRedemption requires 'invitedUser' with the id of the user to reset.");
  const record = host.store.findActive(id);
  if (record?.id !== id.toLowerCase()) throw resourceNotFound(id);
  const address = request.invitedUserEmailAddress.toLowerCase();
  if (!usersWithAddress(host.store, address).includes(record))
    throw badRequest(
      "The email you're using to invite this user doesn't match any emails on the user object. " +
        'Add the email to the mail or otherMails property first.',
    );
  host.writer.update(
    record,
    {
      ...record.values,
      externalUserState: 'PendingAcceptance',
      externalUserStateChangeDateTime: host.writer.nowIso(),
    },
    ['externalUserState', 'externalUserStateChangeDateTime'],
  );
  return record.id;
}

function createInvitedUser(host: InvitationHost, request: InvitationRequest): string {
  const address = request.invitedUserEmailAddress;
  const userPrincipalName = `${address.replace('@', '_')}#EXT#@${host.defaultDomain}`;
  if (host.store.findActive(userPrincipalName) !== undefined)
    throw new GraphHttpError(
      400,
      'Request_MultipleObjectsWithSameKeyValue',
      'Another object with the same value for property userPrincipalName already exists.',
    );
  const now = host.writer.nowIso();
  const record = host.writer.add({
    id: host.newId(),
    userPrincipalName,
    displayName: request.invitedUserDisplayName ?? address,
    mail: address,
    otherMails: Object.freeze([address]),
    proxyAddresses: Object.freeze([`SMTP:${address}`]),
    mailNickname: `${address.replace('@', '_')}#EXT#`,
    userType: request.invitedUserType,
    accountEnabled: true,
    creationType: 'Invitation',
    externalUserState: 'PendingAcceptance',
    externalUserStateChangeDateTime: now,
    showInAddressList: null,
    createdDateTime: now,
    identities: Object.freeze([
      Object.freeze({
        signInType: 'userPrincipalName',
        issuer: host.defaultDomain,
        issuerAssignedId: userPrincipalName,
      }),
    ]),
  });
  return record.id;
}

/**
 * Handles `POST /invitations` and returns the 201 body.
 * @throws GraphHttpError 403 `Authorization_RequestDenied` when the tenant allows no invitations; 400
 *   `BadRequest` for invalid bodies, existing internal users and the tenant's own domains.
 */
export function inviteUser(host: InvitationHost, body: InvitationBody): GraphObject {
  if (host.allowInvitesFrom === 'none')
    throw new GraphHttpError(
      403,
      'Authorization_RequestDenied',
      'Guest invitations not allowed for your company. Contact your company administrator for more details.',
    );
  const request = parseInvitationBody(body);
  if (request.resetRedemption) return invitationResource(host, request, resetRedemption(host, request));
  const existing = usersWithAddress(host.store, request.invitedUserEmailAddress);
  const internal = existing.find((record) => record.values.creationType !== 'Invitation');
  if (internal !== undefined) throw alreadyExists(internal.id);
  const domain = domainOf(request.invitedUserEmailAddress);
  const ownDomains = [host.defaultDomain, ...host.verifiedDomains].map((d) => d.toLowerCase());
  if (ownDomains.includes(domain))
    throw badRequest(
      `The invited user's email domain '${domain}' is a verified domain of this directory; ` +
        'users of your own organization cannot be invited.',
    );
  const [b2b] = existing;
  return invitationResource(host, request, b2b?.id ?? createInvitedUser(host, request));
}
