/**
 * Turns an analysed `$filter` into a predicate over stored users. String comparisons ignore case, as the
 * directory does for user properties; date-times compare as instants; a missing value is `null`.
 * The predicate is compiled once per query (closures per query, none per user) so a scan of 100,000
 * users stays cheap.
 */
import type { FilterExpression, FilterLiteral, FilterOperand } from './odata-filter-ast.js';
import { resolveFilterTarget, type FilterTarget, type LambdaScope } from './odata-filter-target.js';
import type { ObjectValue, StoredValue, UserValues } from './user-record.js';
import type { UserSchema } from './user-properties.js';

/** A compiled filter: true when the user matches. */
export type UserPredicate = (values: UserValues) => boolean;

type Element = StoredValue | undefined;
type Test = (values: UserValues, element: Element) => boolean;
type Scalar = string | boolean | number | null;

function read(target: FilterTarget, values: UserValues, element: Element): Scalar {
  const { source } = target;
  const raw = source.from === 'user' ? values[source.property] : element;
  const value = source.key === undefined ? raw : (raw as ObjectValue | null | undefined)?.[source.key];
  if (value === undefined || value === null) return null;
  if (typeof value === 'string') {
    if (target.type === 'datetime') return Date.parse(value);
    return value.toLowerCase();
  }
  return typeof value === 'boolean' ? value : null;
}

function literalScalar(literal: FilterLiteral): Scalar {
  switch (literal.type) {
    case 'null':
      return null;
    case 'string':
    case 'guid':
      return literal.value.toLowerCase();
    case 'datetime':
      return literal.epochMs;
    default:
      return literal.value;
  }
}

function compare(operator: string, left: Scalar, right: Scalar): boolean {
  if (operator === 'eq') return left === right;
  if (operator === 'ne') return left !== right;
  if (left === null || right === null) return false;
  switch (operator) {
    case 'ge':
      return left >= right;
    case 'le':
      return left <= right;
    case 'gt':
      return left > right;
    default:
      return left < right;
  }
}

const flipped: Record<string, string> = { eq: 'eq', ne: 'ne', gt: 'lt', ge: 'le', lt: 'gt', le: 'ge' };

class FilterCompiler {
  constructor(private readonly schema: UserSchema) {}

  compile(expression: FilterExpression, scope: LambdaScope | undefined): Test {
    switch (expression.kind) {
      case 'logical': {
        const left = this.compile(expression.left, scope);
        const right = this.compile(expression.right, scope);
        return expression.operator === 'and'
          ? (values, element) => left(values, element) && right(values, element)
          : (values, element) => left(values, element) || right(values, element);
      }
      case 'not': {
        const operand = this.compile(expression.operand, scope);
        return (values, element) => !operand(values, element);
      }
      case 'comparison':
        return this.comparison(expression.operator, expression.left, expression.right, scope);
      case 'in': {
        const target = this.target(expression.operand, scope);
        const allowed = new Set(expression.values.map(literalScalar));
        return (values, element) => allowed.has(read(target, values, element));
      }
      case 'function': {
        const target = this.target(expression.target, scope);
        const argument =
          expression.argument.kind === 'literal' ? literalScalar(expression.argument.literal) : null;
        const text = typeof argument === 'string' ? argument : '';
        const matches =
          expression.name === 'startsWith'
            ? (value: string) => value.startsWith(text)
            : (value: string) => value.endsWith(text);
        return (values, element) => {
          const value = read(target, values, element);
          return typeof value === 'string' && matches(value);
        };
      }
      case 'lambda':
        return this.lambda(expression, scope);
    }
  }

  private target(operand: FilterOperand, scope: LambdaScope | undefined): FilterTarget {
    if (operand.kind !== 'property') throw new Error('a filter operand must be a property after analysis');
    return resolveFilterTarget(operand.path, this.schema, scope);
  }

  private comparison(
    operator: string,
    left: FilterOperand,
    right: FilterOperand,
    scope: LambdaScope | undefined,
  ): Test {
    const [subject, value, op] =
      left.kind === 'literal' ? [right, left, flipped[operator] ?? operator] : [left, right, operator];
    const expected = value.kind === 'literal' ? literalScalar(value.literal) : null;
    if (subject.kind === 'count') {
      const property = this.schema.resolve(subject.path[0] ?? '')?.name ?? '';
      return (values) => {
        const collection = values[property];
        return compare(op, Array.isArray(collection) ? collection.length : 0, expected);
      };
    }
    const target = this.target(subject, scope);
    return (values, element) => compare(op, read(target, values, element), expected);
  }

  private lambda(
    expression: Extract<FilterExpression, { kind: 'lambda' }>,
    outer: LambdaScope | undefined,
  ): Test {
    const definition = this.schema.resolve(expression.collection[0] ?? '');
    if (definition === undefined || outer !== undefined)
      throw new Error('lambda filters are checked before compiling');
    const property = definition.name;
    const { variable, predicate } = expression;
    const test =
      variable === undefined || predicate === undefined
        ? undefined
        : this.compile(predicate, {
            variable,
            collection: property,
            elementType: definition.kind === 'string-collection' ? 'string' : 'object',
            level: definition.filter,
            startsWith: definition.startsWith,
            endsWith: definition.endsWith,
          });
    return (values) => {
      const collection = values[property];
      const items: readonly Element[] = Array.isArray(collection) ? collection : [];
      if (test === undefined) return items.length > 0;
      return expression.operator === 'any'
        ? items.some((item) => test(values, item))
        : items.every((item) => test(values, item));
    };
  }
}

/** Compiles an analysed filter into a predicate (call `analyzeFilter` first; it reports the errors). */
export function compileFilter(expression: FilterExpression, schema: UserSchema): UserPredicate {
  const test = new FilterCompiler(schema).compile(expression, undefined);
  return (values) => test(values, undefined);
}
