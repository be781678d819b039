/**
 * The user property catalogue: every `microsoft.graph.user` property the simulator knows, with how Graph
 * treats it (returned by default, writable, maximum length, nullable, and how `$filter` may use it per
 * reference/graph-api.md §4). Directory extensions are added per tenant by `createUserSchema`.
 */

/** How a property's value is shaped. */
export type UserPropertyKind =
  'string' | 'boolean' | 'datetime' | 'string-collection' | 'object' | 'object-collection';

/** Whether `eq`/`in` (and `startsWith`, ranges where allowed) work by default, only as advanced queries, or not at all. */
export type FilterSupport = 'default' | 'advanced' | 'none';

/** One property of `microsoft.graph.user` as the simulator treats it. */
export interface UserPropertyDefinition {
  readonly name: string;
  readonly kind: UserPropertyKind;
  /** Part of the default property set of `GET /users` without `$select`. */
  readonly returnedByDefault: boolean;
  /** May be written with `POST /users` / `PATCH /users/{id}`. */
  readonly writable: boolean;
  /** Accepted on writes, never stored or returned (`passwordProfile`). */
  readonly writeOnly: boolean;
  readonly maxLength?: number;
  /** May be cleared with `null`. */
  readonly nullable: boolean;
  readonly filter: FilterSupport;
  /** `startsWith(p,'x')` is allowed (at the level of `filter`). */
  readonly startsWith: boolean;
  /** `endsWith(p,'x')` is allowed (always an advanced query). */
  readonly endsWith: boolean;
  /** `gt`/`ge`/`lt`/`le` are allowed (at the level of `filter`). */
  readonly range: boolean;
  /** Read-only for users synced from on-premises (`onPremisesSyncEnabled: true`). */
  readonly syncMastered: boolean;
  /** A directory extension `extension_<appId>_<name>`. */
  readonly isExtension: boolean;
}

type Options = Partial<Omit<UserPropertyDefinition, 'name' | 'kind'>>;

function define(name: string, kind: UserPropertyKind, options: Options = {}): UserPropertyDefinition {
  const isString = kind === 'string';
  return {
    name,
    kind,
    returnedByDefault: false,
    writable: true,
    writeOnly: false,
    nullable: true,
    filter: 'default',
    startsWith: isString,
    endsWith: false,
    range: false,
    syncMastered: true,
    isExtension: false,
    ...options,
  };
}

const byDefault = { returnedByDefault: true } as const;
const readOnly = { writable: false } as const;
const advanced = { filter: 'advanced' } as const;
const unfilterable = { filter: 'none', startsWith: false } as const;
const local = { syncMastered: false } as const;

/** Every built-in user property the simulator supports, in Graph's documentation order. */
export const userProperties: readonly UserPropertyDefinition[] = [
  define('id', 'string', { ...byDefault, ...readOnly, nullable: false, startsWith: false }),
  define('userPrincipalName', 'string', { ...byDefault, nullable: false, maxLength: 113, endsWith: true }),
  define('displayName', 'string', { ...byDefault, nullable: false, maxLength: 256 }),
  define('givenName', 'string', { ...byDefault, maxLength: 64 }),
  define('surname', 'string', { ...byDefault, maxLength: 64 }),
  define('mail', 'string', { ...byDefault, maxLength: 256, endsWith: true }),
  define('otherMails', 'string-collection', { endsWith: true, startsWith: true }),
  define('proxyAddresses', 'string-collection', { ...readOnly, endsWith: true, startsWith: true }),
  define('mailNickname', 'string', { nullable: false, maxLength: 64 }),
  define('userType', 'string', { nullable: false, ...local }),
  define('accountEnabled', 'boolean', { nullable: false }),
  define('creationType', 'string', { ...readOnly }),
  define('externalUserState', 'string', { ...readOnly }),
  define('externalUserStateChangeDateTime', 'datetime', { ...readOnly }),
  define('jobTitle', 'string', { ...byDefault, maxLength: 128 }),
  define('department', 'string', { maxLength: 64 }),
  define('companyName', 'string', { ...advanced, maxLength: 64 }),
  define('officeLocation', 'string', { ...byDefault, ...advanced, maxLength: 128 }),
  define('streetAddress', 'string', { ...advanced, maxLength: 1024 }),
  define('city', 'string', { maxLength: 128 }),
  define('state', 'string', { maxLength: 128 }),
  define('postalCode', 'string', { ...advanced, maxLength: 40 }),
  define('country', 'string', { maxLength: 128 }),
  define('businessPhones', 'string-collection', { ...byDefault, ...unfilterable }),
  define('mobilePhone', 'string', { ...byDefault, ...advanced, maxLength: 64 }),
  define('employeeId', 'string', { maxLength: 16 }),
  define('employeeType', 'string', { ...advanced, maxLength: 64 }),
  define('preferredLanguage', 'string', { ...byDefault, ...advanced, maxLength: 64, ...local }),
  define('usageLocation', 'string', { nullable: false, startsWith: false, ...local }),
  define('showInAddressList', 'boolean', { ...advanced, ...local }),
  define('createdDateTime', 'datetime', { ...readOnly, range: true }),
  define('deletedDateTime', 'datetime', { ...readOnly, ...advanced, range: true }),
  define('identities', 'object-collection', { ...local }),
  define('onPremisesSyncEnabled', 'boolean', { ...readOnly }),
  define('onPremisesExtensionAttributes', 'object', { ...advanced, startsWith: true }),
  define('passwordProfile', 'object', { ...unfilterable, writeOnly: true, ...local }),
];

/** The names returned when a request has no `$select`. */
export const defaultUserPropertyNames: readonly string[] = userProperties
  .filter((p) => p.returnedByDefault)
  .map((p) => p.name);

/** The fifteen keys of `onPremisesExtensionAttributes`. */
export const onPremisesExtensionAttributeNames: readonly string[] = Array.from(
  { length: 15 },
  (_, i) => `extensionAttribute${i + 1}`,
);

/** The properties of one `objectIdentity` in `identities`. */
export const identityPropertyNames: readonly string[] = ['signInType', 'issuer', 'issuerAssignedId'];

/** The user properties of one tenant: the built-in catalogue plus the directory extensions it knows. */
export interface UserSchema {
  /** Finds a property by name, case-insensitively; undefined when the tenant does not know it. */
  resolve(name: string): UserPropertyDefinition | undefined;
  /** The canonical names of the directory extensions this tenant knows. */
  readonly extensionNames: readonly string[];
}

/** The directory extension property name for an app (client id without hyphens) and an extension name. */
export function toExtensionPropertyName(clientId: string, name: string): string {
  return `extension_${clientId.replaceAll('-', '').toLowerCase()}_${name}`;
}

/** Builds the schema of a tenant that knows the given directory extension properties (full names). */
export function createUserSchema(extensionNames: readonly string[]): UserSchema {
  const byName = new Map<string, UserPropertyDefinition>();
  for (const property of userProperties) byName.set(property.name.toLowerCase(), property);
  for (const name of extensionNames) {
    byName.set(
      name.toLowerCase(),
      define(name, 'string', { maxLength: 256, startsWith: false, isExtension: true, ...local }),
    );
  }
  return {
    resolve: (name) => byName.get(name.toLowerCase()),
    extensionNames: [...extensionNames],
  };
}
