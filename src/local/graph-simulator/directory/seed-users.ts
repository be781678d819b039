/**
 * Turns the users of a seed tenant into stored values: ids generated when absent, `userType` Member and
 * `accountEnabled` true by default, `createdDateTime` now, and every property checked against the
 * catalogue (a seed may set read-only properties such as `creationType` to model B2B users).
 */
import { GraphHttpError } from '../graph-http-error.js';
import type { SeedTenant } from '../seed.js';
import type { UserValues } from './user-record.js';
import type { UserSchema } from './user-properties.js';
import { validateUserWrite } from './user-write-validation.js';

/**
 * The stored values of each seed user of `tenant`, in seed order.
 * @throws Error naming the tenant and the user when a property is unknown or invalid, or a UPN repeats.
 */
export function seedUserValues(
  tenant: SeedTenant,
  schema: UserSchema,
  newId: () => string,
  createdDateTime: string,
): (UserValues & { id: string })[] {
  const seen = new Set<string>();
  return tenant.users.map((user) => {
    const { id, ...properties } = user;
    const where = `seed tenant '${tenant.key}', user '${user.userPrincipalName}'`;
    const upn = user.userPrincipalName.toLowerCase();
    if (seen.has(upn)) throw new Error(`Invalid ${where}: the userPrincipalName is used twice.`);
    seen.add(upn);
    const base: UserValues & { id: string } = {
      id: (id ?? newId()).toLowerCase(),
      userType: 'Member',
      accountEnabled: true,
      mailNickname: user.userPrincipalName.split('@')[0] ?? user.userPrincipalName,
      createdDateTime,
    };
    try {
      const { values } = validateUserWrite(properties, base, schema, { seed: true });
      return { ...values, id: base.id };
    } catch (error) {
      if (error instanceof GraphHttpError) throw new Error(`Invalid ${where}: ${error.message}`);
      throw error;
    }
  });
}
