/**
 * Test data builders for xtsync's core types. Each returns a realistic, valid value that tests override
 * only where the behaviour under test cares: `aSourceUser({ department: 'Marketing' })`.
 * Tenant ids, app client id and keys are those of the local Graph simulator's seed.
 */
import { anchorAttributeName, formatAnchor } from '../../src/core/anchors.js';
import { defaultMappings } from '../../src/core/attribute-mapping.js';
import { computeDesiredState } from '../../src/core/compute-desired-state.js';
import type { DesiredState } from '../../src/core/desired-state.js';
import type { Link } from '../../src/core/link.js';
import type { TopologySync } from '../../src/core/topology/topology.js';
import type { AttributeValue, DirectoryUser, UserAttributes } from '../../src/core/user-attributes.js';

/** Tenant ids of the local simulator's tenants. */
export const tenantIds = {
  contoso: '11111111-1111-4111-8111-111111111111',
  fabrikam: '22222222-2222-4222-8222-222222222222',
  northwind: '33333333-3333-4333-8333-333333333333',
  woodgrove: '44444444-4444-4444-8444-444444444444',
} as const;

/** The multi-tenant app registration of the local stack. */
export const testAppClientId = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa';

/** The anchor extension name for {@link testAppClientId}. */
export const testAnchorAttribute = anchorAttributeName(testAppClientId);

/** The default source user's object id (in contoso). */
export const sourceUserId = '5b1c4a4e-0d7e-4c1a-9d3f-1a2b3c4d5e6f';

/** The default target user's object id (in fabrikam). */
export const targetUserId = '9e8d7c6b-5a49-4c3b-8a2d-1f0e9d8c7b6a';

/** The anchor of the default source user. */
export const sourceAnchor = formatAnchor(tenantIds.contoso, sourceUserId);

/** Attributes of an internal member of contoso (Adele Vance, Sales, NL), as the drain reads them. */
export function aSourceUser(
  overrides: Readonly<Record<string, AttributeValue | undefined>> = {},
): UserAttributes {
  const user: Record<string, AttributeValue> = {
    id: sourceUserId,
    userPrincipalName: 'adele.vance@contoso.com',
    mail: 'adele.vance@contoso.com',
    displayName: 'Adele Vance',
    givenName: 'Adele',
    surname: 'Vance',
    jobTitle: 'Account Manager',
    department: 'Sales',
    companyName: 'Contoso',
    officeLocation: 'Amsterdam',
    streetAddress: 'Herengracht 1',
    city: 'Amsterdam',
    state: null,
    postalCode: '1015 BA',
    country: 'NL',
    businessPhones: ['+31 20 555 0100'],
    mobilePhone: '+31 6 5555 0100',
    employeeId: 'E1001',
    preferredLanguage: 'nl-NL',
    userType: 'Member',
    creationType: null,
    accountEnabled: true,
    [testAnchorAttribute]: null,
  };
  return withOverrides(user, overrides);
}

/** The contoso → fabrikam sync with default mappings, no scope, disable-then-delete after 30 days. */
export function aSync(overrides: Partial<TopologySync> = {}): TopologySync {
  return {
    id: 'contoso-to-fabrikam',
    from: 'contoso',
    to: 'fabrikam',
    fromTenantId: tenantIds.contoso,
    toTenantId: tenantIds.fabrikam,
    scope: [],
    mappings: defaultMappings,
    removal: { mode: 'disable', deleteAfterDays: 30 },
    deletionThreshold: { kind: 'count', count: 500 },
    inviteRedirectUrl: 'https://myapps.microsoft.com',
    ...overrides,
  };
}

/** The desired state of `aSourceUser(sourceOverrides)` in `aSync(syncOverrides)`. */
export function aDesiredState(
  sourceOverrides: Readonly<Record<string, AttributeValue | undefined>> = {},
  syncOverrides: Partial<TopologySync> = {},
): DesiredState {
  return computeDesiredState(aSourceUser(sourceOverrides), aSync(syncOverrides));
}

/**
 * An active link of the default source user, applied from {@link aDesiredState} at source version 3; pass
 * `desired` to link a different desired state.
 */
export function aLink(overrides: Partial<Link> & { readonly desired?: DesiredState } = {}): Link {
  const { desired = aDesiredState(), ...rest } = overrides;
  return {
    syncId: 'contoso-to-fabrikam',
    sourceTenantId: tenantIds.contoso,
    sourceUserId,
    targetTenantId: tenantIds.fabrikam,
    targetUserId,
    state: 'active',
    appliedHash: desired.hash,
    appliedAttributes: { ...desired.attributes, ...desired.onCreateOnly },
    sourceVersion: 3,
    createdAt: '2025-01-01T08:00:00.000Z',
    updatedAt: '2025-01-02T08:00:00.000Z',
    disabledAt: null,
    deletedAt: null,
    lastError: null,
    ...rest,
  };
}

/** A target-tenant user as a match finds it: an external member of fabrikam for the default person. */
export function aTargetUser(
  overrides: Readonly<Record<string, AttributeValue | undefined>> = {},
): DirectoryUser {
  const attributes: Record<string, AttributeValue> = {
    ...aDesiredState().attributes,
    userPrincipalName: 'adele.vance_contoso.com#EXT#@fabrikam.onmicrosoft.com',
    creationType: 'Invitation',
    [testAnchorAttribute]: sourceAnchor,
  };
  return {
    id: typeof overrides.id === 'string' ? overrides.id : targetUserId,
    attributes: withOverrides(attributes, overrides),
  };
}

/** Applies overrides; an `undefined` override removes the attribute (as if Graph did not return it). */
function withOverrides(
  base: UserAttributes,
  overrides: Readonly<Record<string, AttributeValue | undefined>>,
): UserAttributes {
  const merged = Object.entries({ ...base, ...overrides });
  return Object.fromEntries(
    merged.filter((entry): entry is [string, AttributeValue] => entry[1] !== undefined),
  );
}
