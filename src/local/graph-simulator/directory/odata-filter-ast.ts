/**
 * The syntax tree of an OData `$filter` expression as the simulator understands it for users: comparisons,
 * `in`, `and`/`or`/`not`, `startsWith`/`endsWith`, lambdas (`any`/`all`) and `/$count`. Positions are
 * 0-based character offsets into the filter text, used in error messages.
 */

/** A literal as written in the filter. */
export type FilterLiteral =
  | { readonly type: 'string'; readonly value: string }
  | { readonly type: 'boolean'; readonly value: boolean }
  | { readonly type: 'null' }
  | { readonly type: 'number'; readonly value: number }
  | { readonly type: 'guid'; readonly value: string }
  | { readonly type: 'datetime'; readonly value: string; readonly epochMs: number };

/** The six OData comparison operators. */
export type ComparisonOperator = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le';

/** A value inside a comparison: a property path, a collection count, or a literal. */
export type FilterOperand =
  | { readonly kind: 'property'; readonly path: readonly string[]; readonly position: number }
  | { readonly kind: 'count'; readonly path: readonly string[]; readonly position: number }
  | { readonly kind: 'literal'; readonly literal: FilterLiteral; readonly position: number };

/** A boolean expression. */
export type FilterExpression =
  | {
      readonly kind: 'logical';
      readonly operator: 'and' | 'or';
      readonly left: FilterExpression;
      readonly right: FilterExpression;
    }
  | { readonly kind: 'not'; readonly operand: FilterExpression; readonly position: number }
  | {
      readonly kind: 'comparison';
      readonly operator: ComparisonOperator;
      readonly left: FilterOperand;
      readonly right: FilterOperand;
      readonly position: number;
    }
  | {
      readonly kind: 'in';
      readonly operand: FilterOperand;
      readonly values: readonly FilterLiteral[];
      readonly position: number;
    }
  | {
      readonly kind: 'function';
      readonly name: 'startsWith' | 'endsWith';
      readonly target: FilterOperand;
      readonly argument: FilterOperand;
      readonly position: number;
    }
  | {
      readonly kind: 'lambda';
      readonly operator: 'any' | 'all';
      /** The collection property path before `/any`. */
      readonly collection: readonly string[];
      /** The range variable (`x` in `any(x: …)`); undefined for `any()`. */
      readonly variable?: string;
      readonly predicate?: FilterExpression;
      readonly position: number;
    };
