/**
 * Finds the users a filter can only match from the store's indexes, so `id eq`, `userPrincipalName eq`,
 * `mail eq`, `otherMails/any(x:x eq …)` and directory-extension `eq` lookups do not scan 100,000 users.
 * The caller still applies the full filter to the candidates.
 */
import type { FilterExpression, FilterLiteral, FilterOperand } from './odata-filter-ast.js';
import type { UserRecord } from './user-record.js';
import { isIndexedProperty, type UserStore } from './user-store.js';
import type { UserSchema } from './user-properties.js';

function literalText(literal: FilterLiteral): string | undefined {
  return literal.type === 'string' || literal.type === 'guid' ? literal.value : undefined;
}

function lookup(
  store: UserStore,
  property: string,
  values: readonly (string | undefined)[],
): UserRecord[] | undefined {
  const found = new Set<UserRecord>();
  for (const value of values) {
    if (value === undefined) return undefined;
    if (property === 'id') {
      const record = store.findActive(value);
      if (record?.id === value.toLowerCase()) found.add(record);
    } else for (const record of store.findByValue(property, value)) found.add(record);
  }
  return [...found];
}

function indexedProperty(operand: FilterOperand, schema: UserSchema): string | undefined {
  if (operand.kind !== 'property' || operand.path.length !== 1) return undefined;
  const name = schema.resolve(operand.path[0] ?? '')?.name;
  return name !== undefined && (name === 'id' || isIndexedProperty(name)) && name !== 'otherMails'
    ? name
    : undefined;
}

/**
 * The only active users that can match `expression`, or undefined when the indexes cannot tell (the
 * caller then scans). Active users only; deleted items are few and always scanned.
 */
export function findFilterCandidates(
  expression: FilterExpression,
  store: UserStore,
  schema: UserSchema,
): UserRecord[] | undefined {
  switch (expression.kind) {
    case 'comparison': {
      if (expression.operator !== 'eq' || expression.right.kind !== 'literal') return undefined;
      const property = indexedProperty(expression.left, schema);
      return property === undefined
        ? undefined
        : lookup(store, property, [literalText(expression.right.literal)]);
    }
    case 'in': {
      const property = indexedProperty(expression.operand, schema);
      return property === undefined ? undefined : lookup(store, property, expression.values.map(literalText));
    }
    case 'lambda': {
      const predicate = expression.predicate;
      const collection = schema.resolve(expression.collection[0] ?? '')?.name;
      if (collection !== 'otherMails' || expression.operator !== 'any' || predicate?.kind !== 'comparison')
        return undefined;
      const { operator, left, right } = predicate;
      const isVariable =
        left.kind === 'property' && left.path.length === 1 && left.path[0] === expression.variable;
      if (operator !== 'eq' || !isVariable || right.kind !== 'literal') return undefined;
      return lookup(store, collection, [literalText(right.literal)]);
    }
    case 'logical': {
      const left = findFilterCandidates(expression.left, store, schema);
      if (expression.operator === 'and') return left ?? findFilterCandidates(expression.right, store, schema);
      const right = left === undefined ? undefined : findFilterCandidates(expression.right, store, schema);
      return left === undefined || right === undefined ? undefined : [...new Set([...left, ...right])];
    }
    default:
      return undefined;
  }
}
