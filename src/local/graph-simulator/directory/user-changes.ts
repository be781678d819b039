/**
 * The rules of `POST /users`, `PATCH /users/{id}` and restore beyond per-property validation: required
 * properties on create, a userPrincipalName on one of the tenant's domains and unique among its users.
 */
import { GraphHttpError } from '../graph-http-error.js';
import { invalidPropertyValue, requestBadRequest } from './directory-errors.js';
import { domainOf } from './email-address.js';
import { stringValue, type UserRecord, type UserValues } from './user-record.js';
import type { UserStore } from './user-store.js';
import type { UserSchema } from './user-properties.js';
import { validateUserWrite, type ValidatedWrite } from './user-write-validation.js';

/** The tenant facts these rules read. */
export interface UserDomains {
  readonly schema: UserSchema;
  readonly store: UserStore;
  /** The default domain and the verified domains. */
  readonly domains: readonly string[];
}

const requiredOnCreate = [
  'accountEnabled',
  'displayName',
  'mailNickname',
  'userPrincipalName',
  'passwordProfile',
];

function duplicateUserPrincipalName(): GraphHttpError {
  return new GraphHttpError(
    400,
    'Request_MultipleObjectsWithSameKeyValue',
    'Another object with the same value for property userPrincipalName already exists.',
  );
}

function checkUserPrincipalName(values: UserValues, tenant: UserDomains, self?: UserRecord): void {
  const upn = stringValue(values, 'userPrincipalName');
  const domain = domainOf(upn);
  if (!tenant.domains.some((d) => d.toLowerCase() === domain))
    throw requestBadRequest(
      'The domain portion of the userPrincipalName property is invalid. ' +
        'You must use one of the verified domain names in your organization.',
    );
  const holder = tenant.store.findActive(upn);
  if (holder !== undefined && holder !== self) throw duplicateUserPrincipalName();
}

/**
 * Validates a `POST /users` body and returns the new user's values (the password is never kept).
 * @throws GraphHttpError 400 for a missing required or invalid property, a UPN outside the tenant's
 *   domains, or a UPN already in use.
 */
export function createUserValues(
  body: Readonly<Record<string, unknown>>,
  tenant: UserDomains,
  id: string,
  createdDateTime: string,
): UserValues & { id: string } {
  for (const name of requiredOnCreate) {
    const value = body[name];
    if (value === undefined || value === null) throw invalidPropertyValue(name);
  }
  const password = (body.passwordProfile as Record<string, unknown> | null | undefined)?.password;
  if (typeof password !== 'string' || password.length === 0) throw invalidPropertyValue('passwordProfile');
  const { values } = validateUserWrite(body, { id }, tenant.schema);
  checkUserPrincipalName(values, tenant);
  return { userType: 'Member', ...values, id, createdDateTime };
}

/**
 * Validates a `PATCH /users/{id}` body against the user's current values.
 * @throws GraphHttpError 400 as `validateUserWrite`, or for a new UPN outside the domains or in use.
 */
export function updateUserValues(
  record: UserRecord,
  body: Readonly<Record<string, unknown>>,
  tenant: UserDomains,
): ValidatedWrite {
  const synced = record.values.onPremisesSyncEnabled === true;
  const result = validateUserWrite(body, record.values, tenant.schema, { synced });
  if (result.changed.includes('userPrincipalName')) checkUserPrincipalName(result.values, tenant, record);
  return result;
}

/**
 * Checks that a deleted user can come back: its userPrincipalName must not have been taken meanwhile.
 * @throws GraphHttpError 400 `Request_MultipleObjectsWithSameKeyValue`.
 */
export function assertRestorable(record: UserRecord, store: UserStore): void {
  const holder = store.findActive(stringValue(record.values, 'userPrincipalName'));
  if (holder !== undefined) throw duplicateUserPrincipalName();
}
