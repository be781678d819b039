/**
 * `$select` for users: which properties a response carries and how unset values look. Without `$select`
 * Graph returns its default property set; `id` is always included; directory extensions appear only when
 * selected and only when they have a value.
 */
import type { GraphObject } from './contract.js';
import { unknownSelectProperty } from './directory-errors.js';
import type { ObjectValue, StoredValue, UserValues } from './user-record.js';
import {
  defaultUserPropertyNames,
  onPremisesExtensionAttributeNames,
  type UserPropertyDefinition,
  type UserSchema,
} from './user-properties.js';

/** A compiled `$select`: the properties to return, `id` first. */
export interface Projection {
  readonly properties: readonly UserPropertyDefinition[];
  /** The canonical names of `properties`. */
  readonly names: ReadonlySet<string>;
  /** Whether `$select` was given (false = the default property set). */
  readonly explicit: boolean;
}

/**
 * How unset values are rendered: `resource` as `GET /users` does (null, or [] for collections);
 * `delta` as `/users/delta` does (never-set scalars are omitted; cleared ones are null).
 */
export type ProjectionStyle = 'resource' | 'delta';

/**
 * Compiles a `$select` list (names are case-insensitive; blanks ignored).
 * @param defaults - the property names used when `select` is absent or empty.
 * @throws GraphHttpError 400 `Request_BadRequest` "Could not find a property named 'x' on type 'microsoft.graph.user'."
 */
export function compileProjection(
  select: readonly string[] | undefined,
  schema: UserSchema,
  defaults: readonly string[] = defaultUserPropertyNames,
): Projection {
  const requested = (select ?? []).map((s) => s.trim()).filter((s) => s.length > 0);
  const explicit = requested.length > 0;
  const properties: UserPropertyDefinition[] = [];
  const names = new Set<string>();
  for (const name of ['id', ...(explicit ? requested : defaults)]) {
    const definition = schema.resolve(name);
    if (definition === undefined) throw unknownSelectProperty(name);
    if (names.has(definition.name)) continue;
    names.add(definition.name);
    properties.push(definition);
  }
  return { properties, names, explicit };
}

function renderSet(definition: UserPropertyDefinition, value: StoredValue): unknown {
  if (definition.name === 'onPremisesExtensionAttributes') return renderExtensionAttributes(value);
  // Copies, so a caller that changes a response cannot change the stored user.
  if (Array.isArray(value))
    return (value as readonly (string | ObjectValue)[]).map((item) =>
      typeof item === 'string' ? item : { ...item },
    );
  if (value !== null && typeof value === 'object') return { ...(value as ObjectValue) };
  return value;
}

function renderExtensionAttributes(value: StoredValue | undefined): Record<string, string | null> {
  const stored = (value ?? {}) as ObjectValue;
  return Object.fromEntries(onPremisesExtensionAttributeNames.map((key) => [key, stored[key] ?? null]));
}

function renderUnset(definition: UserPropertyDefinition, style: ProjectionStyle): unknown {
  if (definition.kind === 'string-collection' || definition.kind === 'object-collection') return [];
  if (style === 'delta' || definition.isExtension) return undefined;
  if (definition.name === 'onPremisesExtensionAttributes') return renderExtensionAttributes(undefined);
  return null;
}

/** Renders one property of a user, or undefined when it is to be left out of the object. */
export function renderProperty(
  definition: UserPropertyDefinition,
  values: UserValues,
  style: ProjectionStyle,
): unknown {
  if (definition.writeOnly) return null;
  const value = values[definition.name];
  if (value === undefined) return renderUnset(definition, style);
  return renderSet(definition, value);
}

/** Renders a user with the projection's properties. */
export function projectUser(values: UserValues, projection: Projection, style: ProjectionStyle): GraphObject {
  const result: GraphObject = {};
  for (const definition of projection.properties) {
    const rendered = renderProperty(definition, values, style);
    if (rendered !== undefined) result[definition.name] = rendered;
  }
  return result;
}
