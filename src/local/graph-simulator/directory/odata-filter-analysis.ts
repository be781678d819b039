/**
 * Checks a parsed `$filter` against a tenant's user schema the way Graph does: every property must exist
 * and be filterable with the operator used, literals must fit the property's type, and everything that
 * only works as an advanced query (`ne`, `not`, `endsWith`, `/$count`, null checks, advanced-only
 * properties) is collected so the caller can demand `ConsistencyLevel: eventual` + `$count=true`.
 */
import type { FilterExpression, FilterLiteral, FilterOperand } from './odata-filter-ast.js';
import { badRequest, unsupportedFilterProperty, unsupportedQuery } from './directory-errors.js';
import {
  checkLiteral,
  resolveFilterTarget,
  type FilterTarget,
  type LambdaScope,
} from './odata-filter-target.js';
import type { UserSchema } from './user-properties.js';

/** Why a query needs the advanced query parameters. */
export type AdvancedReason =
  { readonly kind: 'operator'; readonly name: string } | { readonly kind: 'property'; readonly name: string };

class FilterAnalyzer {
  readonly reasons: AdvancedReason[] = [];

  constructor(private readonly schema: UserSchema) {}

  visit(expression: FilterExpression, scope: LambdaScope | undefined): void {
    switch (expression.kind) {
      case 'logical':
        this.visit(expression.left, scope);
        this.visit(expression.right, scope);
        return;
      case 'not':
        this.reasons.push({ kind: 'operator', name: 'not' });
        this.visit(expression.operand, scope);
        return;
      case 'comparison':
        this.visitComparison(expression.operator, expression.left, expression.right, scope);
        return;
      case 'in':
        this.visitIn(expression.operand, expression.values, scope);
        return;
      case 'function':
        this.visitFunction(expression.name, expression.target, expression.argument, scope);
        return;
      case 'lambda':
        this.visitLambda(expression, scope);
    }
  }

  private target(operand: FilterOperand, scope: LambdaScope | undefined): FilterTarget {
    if (operand.kind !== 'property')
      throw unsupportedQuery('Unsupported query: a filter clause needs a property.');
    const target = resolveFilterTarget(operand.path, this.schema, scope);
    if (target.level === 'advanced') this.reasons.push({ kind: 'property', name: target.name });
    return target;
  }

  private visitComparison(
    operator: string,
    left: FilterOperand,
    right: FilterOperand,
    scope: LambdaScope | undefined,
  ): void {
    const [subject, value] = left.kind === 'literal' ? [right, left] : [left, right];
    if (value.kind !== 'literal')
      throw unsupportedQuery('Unsupported query: a filter clause must compare a property with a literal.');
    if (subject.kind === 'count') {
      this.visitCount(subject.path, value.literal);
      return;
    }
    const target = this.target(subject, scope);
    checkLiteral(target, value.literal, operator);
    if (operator === 'ne') this.reasons.push({ kind: 'operator', name: 'ne' });
    if (value.literal.type === 'null') this.reasons.push({ kind: 'property', name: target.name });
    // The directory supports only ge/le for ranges: on date-times by default, on strings as advanced queries.
    if (operator === 'gt' || operator === 'lt')
      throw unsupportedQuery(
        `Operator '${operator}' is not supported for property '${target.name}'; use 'ge' or 'le'.`,
      );
    if ((operator === 'ge' || operator === 'le') && !target.range) {
      if (target.type !== 'string') throw unsupportedFilterProperty(target.name);
      this.reasons.push({ kind: 'operator', name: operator });
    }
  }

  private visitCount(path: readonly string[], literal: FilterLiteral): void {
    const definition = path.length === 1 ? this.schema.resolve(path[0] ?? '') : undefined;
    const isCollection = definition?.kind === 'string-collection' || definition?.kind === 'object-collection';
    if (definition === undefined || !isCollection || definition.filter === 'none')
      throw unsupportedFilterProperty(`${path.join('/')}/$count`);
    if (literal.type !== 'number')
      throw badRequest(`'${definition.name}/$count' can only be compared with a number.`);
    this.reasons.push({ kind: 'operator', name: '$count' });
  }

  private visitIn(
    operand: FilterOperand,
    values: readonly FilterLiteral[],
    scope: LambdaScope | undefined,
  ): void {
    const target = this.target(operand, scope);
    for (const literal of values) checkLiteral(target, literal, 'in');
  }

  private visitFunction(
    name: 'startsWith' | 'endsWith',
    targetOperand: FilterOperand,
    argument: FilterOperand,
    scope: LambdaScope | undefined,
  ): void {
    const target = this.target(targetOperand, scope);
    if (argument.kind !== 'literal' || argument.literal.type !== 'string' || target.type !== 'string')
      throw unsupportedFilterProperty(target.name);
    if (name === 'startsWith' && !target.startsWith) throw unsupportedFilterProperty(target.name);
    if (name === 'endsWith') {
      if (!target.endsWith) throw unsupportedFilterProperty(target.name);
      this.reasons.push({ kind: 'operator', name: 'endsWith' });
    }
  }

  private visitLambda(
    expression: Extract<FilterExpression, { kind: 'lambda' }>,
    scope: LambdaScope | undefined,
  ): void {
    const name = expression.collection.join('/');
    const definition =
      scope === undefined && expression.collection.length === 1
        ? this.schema.resolve(expression.collection[0] ?? '')
        : undefined;
    const isCollection = definition?.kind === 'string-collection' || definition?.kind === 'object-collection';
    if (
      definition === undefined ||
      !isCollection ||
      definition.filter === 'none' ||
      expression.operator === 'all'
    )
      throw unsupportedFilterProperty(name);
    if (definition.filter === 'advanced') this.reasons.push({ kind: 'property', name: definition.name });
    if (expression.variable === undefined || expression.predicate === undefined) return;
    this.visit(expression.predicate, {
      variable: expression.variable,
      collection: definition.name,
      elementType: definition.kind === 'string-collection' ? 'string' : 'object',
      level: definition.filter,
      startsWith: definition.startsWith,
      endsWith: definition.endsWith,
    });
  }
}

/**
 * Validates a filter against the schema and lists why it needs advanced query parameters (empty when it
 * works by default).
 * @throws GraphHttpError 400 `Request_UnsupportedQuery` (unknown/unfilterable property or operator) or
 *   `BadRequest` (literal of the wrong type).
 */
export function analyzeFilter(expression: FilterExpression, schema: UserSchema): readonly AdvancedReason[] {
  const analyzer = new FilterAnalyzer(schema);
  analyzer.visit(expression, undefined);
  return analyzer.reasons;
}
