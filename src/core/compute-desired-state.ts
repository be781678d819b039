/**
 * The desired state of one source user in one sync: the mapped target attributes, the invitation that
 * would create the person, and a hash that lets the apply step skip users whose mapping result did not
 * change.
 */
import type { AttributeMapping } from './attribute-mapping.js';
import type { DesiredState } from './desired-state.js';
import { fitAttributeValue } from './fit-attribute-value.js';
import { stableHash } from './hashing.js';
import { SyncError } from './sync-errors.js';
import { parseTemplate, renderTemplate } from './template.js';
import type { AttributeValue, UserAttributes } from './user-attributes.js';

/** Where invitations land when neither the caller nor the sync names a redirect URL. */
export const defaultInviteRedirectUrl = 'https://myapps.microsoft.com';

/** The part of a sync that shapes the desired state. */
export interface MappedSync {
  readonly mappings: readonly AttributeMapping[];
  readonly inviteRedirectUrl?: string;
}

/** Options for {@link computeDesiredState}. */
export interface ComputeDesiredStateOptions {
  /** Overrides the sync's invitation redirect URL. */
  readonly redirectUrl?: string;
}

// Graph refuses null for these (displayName can't be cleared, usageLocation isn't nullable), so an empty
// mapped value leaves the target's current value alone instead of failing the whole PATCH.
const notClearable = new Set(['displayName', 'usageLocation', 'userType', 'showInAddressList']);

/**
 * Computes the desired target state of a source user from a sync's mappings.
 *
 * `accountEnabled: true` is always part of the attributes (and `showInAddressList` with the default
 * mappings), so re-enabling a disabled target user is an ordinary attribute diff. Empty values are kept as
 * null (or an empty list), which clears the target attribute. The invitation e-mail is the source `mail`,
 * else its `userPrincipalName`; the invitation display name is the mapped `displayName`.
 *
 * @throws SyncError `MESSAGE.INVALID` when the source user has neither `mail` nor `userPrincipalName`.
 */
export function computeDesiredState(
  source: UserAttributes,
  sync: MappedSync,
  options: ComputeDesiredStateOptions = {},
): DesiredState {
  const email = personEmail(source);
  const attributes: Record<string, AttributeValue> = {};
  const onCreateOnly: Record<string, AttributeValue> = {};
  for (const mapping of sync.mappings) {
    const value = fitAttributeValue(mapping.target, mappedValue(mapping, source, email));
    if (value === null && notClearable.has(mapping.target)) continue;
    (mapping.apply === 'always' ? attributes : onCreateOnly)[mapping.target] = value;
  }
  attributes.accountEnabled = true;
  const invitation = {
    email,
    displayName: invitationDisplayName(attributes, onCreateOnly, source, email),
    redirectUrl: options.redirectUrl ?? sync.inviteRedirectUrl ?? defaultInviteRedirectUrl,
  };
  return { attributes, onCreateOnly, invitation, hash: stableHash({ attributes, onCreateOnly, invitation }) };
}

/** The person's e-mail address as xtsync uses it: source `mail`, else `userPrincipalName`. */
export function personEmail(source: UserAttributes): string {
  for (const candidate of [source.mail, source.userPrincipalName]) {
    if (typeof candidate === 'string' && candidate.trim() !== '') return candidate.trim();
  }
  throw new SyncError(
    'MESSAGE.INVALID',
    'The source user has neither mail nor userPrincipalName, so it cannot be invited; check the $select list.',
    { details: { sourceUserId: typeof source.id === 'string' ? source.id : undefined } },
  );
}

function mappedValue(
  mapping: AttributeMapping,
  source: UserAttributes,
  email: string,
): AttributeValue | undefined {
  switch (mapping.kind) {
    case 'copy':
      return source[mapping.source];
    case 'constant':
      return mapping.value;
    case 'email':
      return email;
    case 'template': {
      const parsed = parseTemplate(mapping.template);
      // Topology validation rejects bad templates; a bad one here is a programming error worth surfacing.
      if (!parsed.ok) throw new Error(`Invalid template for ${mapping.target}: ${parsed.error}`);
      return renderTemplate(parsed.parts, source);
    }
  }
}

function invitationDisplayName(
  attributes: UserAttributes,
  onCreateOnly: UserAttributes,
  source: UserAttributes,
  email: string,
): string {
  for (const candidate of [attributes.displayName, onCreateOnly.displayName, source.displayName]) {
    const fitted = fitAttributeValue('displayName', candidate);
    if (typeof fitted === 'string') return fitted;
  }
  return email;
}
