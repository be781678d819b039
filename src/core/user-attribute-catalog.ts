/**
 * What xtsync knows about Microsoft Graph user properties (v1.0): their kind, whether a mapping may write
 * them, and the longest value Graph accepts. Topology validation uses it to reject scopes and mappings that
 * could never work, and the desired state uses it to fit values into what Graph will take.
 */
import { isAnchorAttributeName } from './anchors.js';

/** The shape of a user property's value. `scalar` is a directory extension (string, boolean or number). */
export type UserAttributeKind =
  'string' | 'boolean' | 'string-list' | 'scalar' | 'date' | 'reference' | 'complex';

/** One known user property. */
export interface UserAttributeInfo {
  readonly kind: UserAttributeKind;
  /** True when a mapping may write it (Graph accepts it in PATCH and xtsync does not own it). */
  readonly mappable: boolean;
  /** Why a mapping may not write it, for validation messages. */
  readonly notMappableBecause?: string;
  /** Longest value Graph accepts (graph-api.md §4.2, Graph user resource); longer values are truncated. */
  readonly maxLength?: number;
  /** Most items Graph accepts in a list property; extra items are dropped. */
  readonly maxItems?: number;
}

const readOnly = 'it is read-only in Microsoft Graph';

function text(maxLength?: number): UserAttributeInfo {
  return maxLength === undefined
    ? { kind: 'string', mappable: true }
    : { kind: 'string', mappable: true, maxLength };
}

function fixed(kind: UserAttributeKind, notMappableBecause: string): UserAttributeInfo {
  return { kind, mappable: false, notMappableBecause };
}

const catalog: Readonly<Record<string, UserAttributeInfo>> = {
  id: fixed('string', 'it is the object id Graph assigns'),
  userPrincipalName: fixed(
    'string',
    'the invitation sets it (alias#EXT#@target) and the B2B sign-in depends on it',
  ),
  creationType: fixed('string', readOnly),
  externalUserState: fixed('string', readOnly),
  accountEnabled: fixed(
    'boolean',
    'the lifecycle owns it: xtsync enables the user while its source user is in scope and disables it on removal',
  ),
  identities: fixed('complex', 'changing it breaks the B2B sign-in (and needs User.ManageIdentities.All)'),
  proxyAddresses: fixed('string-list', readOnly),
  otherMails: fixed('string-list', 'the invitation computes it from the invited e-mail address'),
  imAddresses: fixed('string-list', readOnly),
  onPremisesSamAccountName: fixed('string', readOnly),
  onPremisesUserPrincipalName: fixed('string', readOnly),
  onPremisesImmutableId: fixed('string', 'it belongs to on-premises synchronization'),
  onPremisesDomainName: fixed('string', readOnly),
  onPremisesSyncEnabled: fixed('boolean', readOnly),
  securityIdentifier: fixed('string', readOnly),
  createdDateTime: fixed('date', readOnly),
  lastPasswordChangeDateTime: fixed('date', readOnly),
  externalUserStateChangeDateTime: fixed('date', readOnly),
  employeeHireDate: fixed('date', 'date attributes are not supported'),
  employeeLeaveDateTime: fixed('date', 'date attributes are not supported'),
  manager: fixed('reference', 'manager references are not supported yet'),
  employeeOrgData: fixed('complex', 'complex attributes are not supported'),
  mail: text(),
  mailNickname: text(64),
  displayName: text(256),
  givenName: text(64),
  surname: text(64),
  jobTitle: text(128),
  department: text(64),
  companyName: text(64),
  officeLocation: text(128),
  streetAddress: text(1024),
  city: text(128),
  state: text(128),
  postalCode: text(40),
  country: text(128),
  usageLocation: text(2),
  mobilePhone: text(64),
  faxNumber: text(),
  employeeId: text(16),
  employeeType: text(),
  preferredLanguage: text(),
  preferredDataLocation: text(),
  ageGroup: text(),
  userType: text(),
  // Graph accepts one business phone number only; each is at most 64 characters.
  businessPhones: { kind: 'string-list', mappable: true, maxLength: 64, maxItems: 1 },
  showInAddressList: { kind: 'boolean', mappable: true },
};

const extensionPattern = /^extension_[0-9a-f]{32}_[A-Za-z][A-Za-z0-9_]{0,99}$/i;

/**
 * Describes a user property by name (case-sensitive, as Graph spells it), or returns undefined when xtsync
 * does not know it. Directory extensions `extension_<appIdWithoutHyphens>_<name>` are known scalars; the
 * xtsync anchor extension of any app is not mappable.
 */
export function describeUserAttribute(name: string): UserAttributeInfo | undefined {
  if (Object.hasOwn(catalog, name)) return catalog[name];
  if (isAnchorAttributeName(name)) return fixed('scalar', 'it is the xtsync source anchor');
  if (extensionPattern.test(name)) return { kind: 'scalar', mappable: true };
  return undefined;
}

/** Every catalogued property name, sorted (directory extensions are open-ended and not listed). */
export function knownUserAttributeNames(): readonly string[] {
  return Object.keys(catalog).sort();
}
