/**
 * What a property path in a user `$filter` refers to (a scalar of the user, a key inside a complex
 * value, or the element of a lambda's collection) and whether a literal fits its type.
 */
import type { FilterLiteral } from './odata-filter-ast.js';
import { badRequest, unsupportedFilterProperty } from './directory-errors.js';
import {
  identityPropertyNames,
  onPremisesExtensionAttributeNames,
  type FilterSupport,
  type UserSchema,
} from './user-properties.js';

/** A scalar a filter can compare: where it lives and how it compares. */
export interface FilterTarget {
  /** The property path as written in errors (`mail`, `onPremisesExtensionAttributes/extensionAttribute1`). */
  readonly name: string;
  readonly type: 'string' | 'boolean' | 'datetime';
  readonly level: FilterSupport;
  readonly startsWith: boolean;
  readonly endsWith: boolean;
  readonly range: boolean;
  /** Top-level property, and for complex values the key inside it; `element` = the lambda's range variable. */
  readonly source:
    | { readonly from: 'user'; readonly property: string; readonly key?: string }
    | { readonly from: 'element'; readonly key?: string };
}

/** The lambda being analysed: its range variable and what one element of the collection is. */
export interface LambdaScope {
  readonly variable: string;
  readonly collection: string;
  readonly elementType: 'string' | 'object';
  readonly level: FilterSupport;
  readonly startsWith: boolean;
  readonly endsWith: boolean;
}

/**
 * Resolves a property path in a filter to what it compares.
 * @throws GraphHttpError 400 `Request_UnsupportedQuery` for unknown or unfilterable properties.
 */
export function resolveFilterTarget(
  path: readonly string[],
  schema: UserSchema,
  scope: LambdaScope | undefined,
): FilterTarget {
  const name = path.join('/');
  const [head = '', sub, ...rest] = path;
  if (scope !== undefined && head === scope.variable) {
    const flags = {
      level: scope.level,
      startsWith: scope.startsWith,
      endsWith: scope.endsWith,
      range: false,
    };
    if (scope.elementType === 'string' && sub === undefined)
      return { name: scope.collection, type: 'string', ...flags, source: { from: 'element' } };
    const key = identityPropertyNames.find((k) => k.toLowerCase() === sub?.toLowerCase());
    if (scope.elementType === 'object' && key !== undefined && rest.length === 0)
      return {
        name: `${scope.collection}/${key}`,
        type: 'string',
        ...flags,
        source: { from: 'element', key },
      };
    throw unsupportedFilterProperty([scope.collection, ...path.slice(1)].join('/'));
  }
  const definition = schema.resolve(head);
  if (definition === undefined || definition.filter === 'none') throw unsupportedFilterProperty(name);
  if (definition.name === 'onPremisesExtensionAttributes') {
    const key = onPremisesExtensionAttributeNames.find((k) => k.toLowerCase() === sub?.toLowerCase());
    if (key === undefined || rest.length > 0) throw unsupportedFilterProperty(name);
    return {
      name: `${definition.name}/${key}`,
      type: 'string',
      level: 'advanced',
      startsWith: true,
      endsWith: false,
      range: false,
      source: { from: 'user', property: definition.name, key },
    };
  }
  const { kind } = definition;
  if (sub !== undefined || (kind !== 'string' && kind !== 'boolean' && kind !== 'datetime'))
    throw unsupportedFilterProperty(name);
  return {
    name: definition.name,
    type: kind,
    level: definition.filter,
    startsWith: definition.startsWith,
    endsWith: definition.endsWith,
    range: definition.range,
    source: { from: 'user', property: definition.name },
  };
}

const edmTypes: Record<FilterLiteral['type'] | FilterTarget['type'], string> = {
  string: 'Edm.String',
  boolean: 'Edm.Boolean',
  null: 'null',
  number: 'Edm.Int32',
  guid: 'Edm.Guid',
  datetime: 'Edm.DateTimeOffset',
};
const operatorKinds: Record<string, string> = {
  eq: 'Equal',
  ne: 'NotEqual',
  gt: 'GreaterThan',
  ge: 'GreaterThanOrEqual',
  lt: 'LessThan',
  le: 'LessThanOrEqual',
  in: 'In',
};

/** Whether a literal can be compared with a target of the given type. */
export function isCompatibleLiteral(type: FilterTarget['type'], literal: FilterLiteral): boolean {
  if (literal.type === 'null') return true;
  if (type === 'string') return literal.type === 'string' || literal.type === 'guid';
  return literal.type === type;
}

/**
 * Checks that a literal can be compared with a target.
 * @throws GraphHttpError 400 `BadRequest` with the OData "incompatible types" message.
 */
export function checkLiteral(target: FilterTarget, literal: FilterLiteral, operator: string): void {
  if (isCompatibleLiteral(target.type, literal)) return;
  throw badRequest(
    `A binary operator with incompatible types was detected. Found operand types '${edmTypes[target.type]}' ` +
      `and '${edmTypes[literal.type]}' for operator kind '${operatorKinds[operator] ?? operator}'.`,
  );
}
