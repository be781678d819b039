/**
 * Validates the body of `POST /users` and `PATCH /users/{id}` property by property against the catalogue,
 * as Graph does, and computes the user's next values and which properties actually change. Nothing is
 * stored here; the caller stores only when something changed.
 */
import { invalidPropertyValue, requestBadRequest } from './directory-errors.js';
import {
  isSameValue,
  toGraphDateTime,
  type ObjectValue,
  type StoredValue,
  type UserValues,
} from './user-record.js';
import {
  identityPropertyNames,
  onPremisesExtensionAttributeNames,
  type UserPropertyDefinition,
  type UserSchema,
} from './user-properties.js';

/** The outcome of a valid write: the values to store and the canonical names that changed. */
export interface ValidatedWrite {
  readonly values: UserValues;
  readonly changed: readonly string[];
}

const stringRules: Record<string, (value: string) => boolean> = {
  displayName: (v) => v.trim().length > 0,
  mailNickname: (v) => v.trim().length > 0,
  userType: (v) => v === 'Member' || v === 'Guest',
  usageLocation: (v) => /^[A-Za-z]{2}$/.test(v),
  userPrincipalName: (v) => /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(v),
  mail: (v) => /^[^@\s]+@[^@\s]+$/.test(v),
};

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function toStringValue(definition: UserPropertyDefinition, value: unknown): StoredValue {
  if (typeof value !== 'string') throw invalidPropertyValue(definition.name);
  if (definition.maxLength !== undefined && value.length > definition.maxLength)
    throw invalidPropertyValue(definition.name);
  if (!(stringRules[definition.name]?.(value) ?? true)) throw invalidPropertyValue(definition.name);
  return definition.name === 'usageLocation' ? value.toUpperCase() : value;
}

function toCollection(definition: UserPropertyDefinition, value: unknown): StoredValue {
  if (!Array.isArray(value)) throw invalidPropertyValue(definition.name);
  if (definition.kind === 'string-collection') {
    if (!value.every((item): item is string => typeof item === 'string' && item.length <= 256))
      throw invalidPropertyValue(definition.name);
    // Graph accepts a collection for businessPhones but only one number in it.
    if (definition.name === 'businessPhones' && value.length > 1) throw invalidPropertyValue(definition.name);
    return Object.freeze([...value]);
  }
  const identities = value.map((item): ObjectValue => {
    if (!isPlainObject(item)) throw invalidPropertyValue(definition.name);
    const entries = Object.entries(item);
    if (
      !entries.every(([k, v]) => identityPropertyNames.includes(k) && (v === null || typeof v === 'string'))
    )
      throw invalidPropertyValue(definition.name);
    return Object.freeze(
      Object.fromEntries(
        identityPropertyNames.map((k) => [k, (item[k] as string | null | undefined) ?? null]),
      ),
    );
  });
  return Object.freeze(identities);
}

function mergeExtensionAttributes(current: StoredValue | undefined, value: unknown): StoredValue {
  if (!isPlainObject(value)) throw invalidPropertyValue('onPremisesExtensionAttributes');
  const merged: Record<string, string | null> = { ...((current ?? {}) as ObjectValue) };
  for (const [key, item] of Object.entries(value)) {
    const known = onPremisesExtensionAttributeNames.find((k) => k.toLowerCase() === key.toLowerCase());
    if (known === undefined || (item !== null && (typeof item !== 'string' || item.length > 1024)))
      throw invalidPropertyValue('onPremisesExtensionAttributes');
    if (item === null) merged[known] = null;
    else merged[known] = item;
  }
  return Object.freeze(merged);
}

function toStoredValue(
  definition: UserPropertyDefinition,
  value: unknown,
  current: UserValues,
): StoredValue | undefined {
  if (value === null) {
    if (!definition.nullable) throw invalidPropertyValue(definition.name);
    // Clearing a directory extension removes the value, so it is no longer returned at all.
    return definition.isExtension ? undefined : null;
  }
  switch (definition.kind) {
    case 'string':
      return toStringValue(definition, value);
    case 'boolean':
      if (typeof value !== 'boolean') throw invalidPropertyValue(definition.name);
      return value;
    case 'string-collection':
    case 'object-collection':
      return toCollection(definition, value);
    case 'object':
      if (definition.name === 'passwordProfile') {
        if (!isPlainObject(value) || (value.password !== undefined && typeof value.password !== 'string'))
          throw invalidPropertyValue(definition.name);
        return undefined;
      }
      return mergeExtensionAttributes(current[definition.name], value);
    case 'datetime':
      if (typeof value !== 'string' || Number.isNaN(Date.parse(value)))
        throw invalidPropertyValue(definition.name);
      return toGraphDateTime(Date.parse(value));
  }
}

/** How strictly a write is checked. */
export interface UserWriteOptions {
  /** The user is synced from on-premises, so its synced properties are read-only. */
  readonly synced?: boolean;
  /** A seed file may also set read-only properties (creationType, externalUserState, …). */
  readonly seed?: boolean;
}

/**
 * Validates a write and returns the next values of the user.
 * @param current - the stored values (for a create: the values the engine sets itself).
 * @throws GraphHttpError 400 `Request_BadRequest` naming the first invalid, unknown or read-only property.
 */
export function validateUserWrite(
  body: Readonly<Record<string, unknown>>,
  current: UserValues,
  schema: UserSchema,
  options: UserWriteOptions = {},
): ValidatedWrite {
  const { synced = false, seed = false } = options;
  const values: UserValues = { ...current };
  const changed: string[] = [];
  for (const [name, raw] of Object.entries(body)) {
    if (name.startsWith('@odata.')) continue;
    const definition = schema.resolve(name);
    if (definition === undefined) {
      if (name.startsWith('extension_'))
        throw requestBadRequest(
          `Property '${name}' does not exist as a declared property or extension property.`,
        );
      throw requestBadRequest(`Invalid property '${name}'.`);
    }
    if (!definition.writable && !seed)
      throw requestBadRequest(`Property '${definition.name}' is read-only and cannot be set.`);
    if (synced && definition.syncMastered)
      throw requestBadRequest(
        'Unable to update the specified properties for on-premises mastered Directory Sync objects or objects currently undergoing migration.',
      );
    const next = toStoredValue(definition, raw, current);
    // Clearing a value that was never set changes nothing, so it is no write at all.
    if (definition.writeOnly || (next === null && values[definition.name] === undefined)) continue;
    if (isSameValue(values[definition.name], next)) continue;
    if (next === undefined) Reflect.deleteProperty(values, definition.name);
    else values[definition.name] = next;
    if (!changed.includes(definition.name)) changed.push(definition.name);
  }
  return { values, changed: changed.filter((name) => !isSameValue(current[name], values[name])) };
}
