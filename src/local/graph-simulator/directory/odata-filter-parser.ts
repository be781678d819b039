/**
 * Parses an OData `$filter` into a `FilterExpression`. Precedence, loosest first: `or`, `and`, `not`,
 * comparisons (`eq ne gt ge lt le`, `in`); parentheses group. `not` applies to the comparison or
 * parenthesised expression after it, the way Graph's examples use it (`not(startsWith(...))`,
 * `not displayName eq 'x'`). Function and operator names are case-insensitive, as in Graph.
 */
import type {
  ComparisonOperator,
  FilterExpression,
  FilterLiteral,
  FilterOperand,
} from './odata-filter-ast.js';
import { tokenizeFilter, type FilterToken } from './odata-filter-lexer.js';
import { filterSyntaxError } from './odata-filter-syntax-error.js';

const comparisonOperators = new Set<string>(['eq', 'ne', 'gt', 'ge', 'lt', 'le']);

function describe(token: FilterToken): string {
  switch (token.kind) {
    case 'end':
      return 'end of input';
    case 'literal':
      return 'a literal';
    default:
      return `'${token.text}'`;
  }
}

function isOperand(node: FilterOperand | FilterExpression): node is FilterOperand {
  return node.kind === 'property' || node.kind === 'count' || node.kind === 'literal';
}

class FilterParser {
  private index = 0;

  constructor(
    private readonly text: string,
    private readonly tokens: readonly FilterToken[],
  ) {}

  parse(): FilterExpression {
    if (this.peek().kind === 'end') throw this.error(this.peek(), 'expected an expression');
    const expression = this.parseOr();
    const rest = this.peek();
    if (rest.kind !== 'end') throw this.error(rest, `unexpected ${describe(rest)}`);
    return expression;
  }

  private peek(offset = 0): FilterToken {
    return this.tokens[Math.min(this.index + offset, this.tokens.length - 1)] as FilterToken;
  }

  private next(): FilterToken {
    const token = this.peek();
    if (token.kind !== 'end') this.index += 1;
    return token;
  }

  private error(token: FilterToken, detail: string): Error {
    return filterSyntaxError(this.text, token.position, detail);
  }

  private isKeyword(token: FilterToken, word: string): boolean {
    return token.kind === 'identifier' && token.text.toLowerCase() === word;
  }

  private isSymbol(token: FilterToken, symbol: string): boolean {
    return token.kind === 'symbol' && token.text === symbol;
  }

  private expectSymbol(symbol: string): FilterToken {
    const token = this.next();
    if (!this.isSymbol(token, symbol))
      throw this.error(token, `expected '${symbol}' but found ${describe(token)}`);
    return token;
  }

  private parseOr(): FilterExpression {
    let left = this.parseAnd();
    while (this.isKeyword(this.peek(), 'or')) {
      this.next();
      left = { kind: 'logical', operator: 'or', left, right: this.parseAnd() };
    }
    return left;
  }

  private parseAnd(): FilterExpression {
    let left = this.parseNot();
    while (this.isKeyword(this.peek(), 'and')) {
      this.next();
      left = { kind: 'logical', operator: 'and', left, right: this.parseNot() };
    }
    return left;
  }

  private parseNot(): FilterExpression {
    const token = this.peek();
    if (this.isKeyword(token, 'not')) {
      this.next();
      return { kind: 'not', operand: this.parseNot(), position: token.position };
    }
    return this.parseComparison();
  }

  private parseComparison(): FilterExpression {
    const start = this.peek();
    if (this.isSymbol(start, '(')) {
      this.next();
      const inner = this.parseOr();
      this.expectSymbol(')');
      return inner;
    }
    const left = this.parseOperandOrPredicate();
    if (!isOperand(left)) return this.parseBooleanComparison(left);
    const operatorToken = this.next();
    if (operatorToken.kind !== 'identifier')
      throw this.error(operatorToken, `expected an operator but found ${describe(operatorToken)}`);
    const operator = operatorToken.text.toLowerCase();
    if (operator === 'in') {
      return { kind: 'in', operand: left, values: this.parseLiteralList(), position: operatorToken.position };
    }
    if (!comparisonOperators.has(operator))
      throw this.error(operatorToken, `unknown operator '${operatorToken.text}'`);
    const right = this.parseOperandOrPredicate();
    if (!isOperand(right)) throw this.error(operatorToken, 'a comparison needs a value on its right side');
    return {
      kind: 'comparison',
      operator: operator as ComparisonOperator,
      left,
      right,
      position: operatorToken.position,
    };
  }

  /** `startsWith(p,'x')` or a lambda may stand alone or be compared with `eq true|false`. */
  private parseBooleanComparison(predicate: FilterExpression): FilterExpression {
    const operatorToken = this.peek();
    if (!this.isKeyword(operatorToken, 'eq') && !this.isKeyword(operatorToken, 'ne')) return predicate;
    this.next();
    const value = this.next();
    if (value.kind !== 'literal' || value.literal.type !== 'boolean')
      throw this.error(value, 'a function result can only be compared with true or false');
    const negate = value.literal.value === this.isKeyword(operatorToken, 'ne');
    return negate ? { kind: 'not', operand: predicate, position: operatorToken.position } : predicate;
  }

  private parseLiteralList(): FilterLiteral[] {
    this.expectSymbol('(');
    const values: FilterLiteral[] = [];
    for (;;) {
      const token = this.next();
      if (token.kind !== 'literal')
        throw this.error(token, `expected a literal but found ${describe(token)}`);
      values.push(token.literal);
      const separator = this.next();
      if (this.isSymbol(separator, ')')) return values;
      if (!this.isSymbol(separator, ','))
        throw this.error(separator, `expected ',' or ')' but found ${describe(separator)}`);
    }
  }

  private parseOperandOrPredicate(): FilterOperand | FilterExpression {
    const token = this.next();
    if (token.kind === 'literal')
      return { kind: 'literal', literal: token.literal, position: token.position };
    if (token.kind !== 'identifier')
      throw this.error(token, `expected a property or a literal but found ${describe(token)}`);
    const name = token.text.toLowerCase();
    if ((name === 'startswith' || name === 'endswith') && this.isSymbol(this.peek(), '('))
      return this.parseFunction(name === 'startswith' ? 'startsWith' : 'endsWith', token.position);
    const path = [token.text];
    while (this.isSymbol(this.peek(), '/')) {
      this.next();
      const segment = this.next();
      if (segment.kind !== 'identifier')
        throw this.error(segment, `expected a property name after '/' but found ${describe(segment)}`);
      const lower = segment.text.toLowerCase();
      if ((lower === 'any' || lower === 'all') && this.isSymbol(this.peek(), '('))
        return this.parseLambda(lower, path, segment.position);
      if (lower === '$count') return { kind: 'count', path, position: token.position };
      path.push(segment.text);
    }
    return { kind: 'property', path, position: token.position };
  }

  private parseFunction(name: 'startsWith' | 'endsWith', position: number): FilterExpression {
    this.expectSymbol('(');
    const target = this.parseOperandOrPredicate();
    this.expectSymbol(',');
    const argument = this.parseOperandOrPredicate();
    const close = this.expectSymbol(')');
    if (!isOperand(target) || target.kind === 'count' || !isOperand(argument) || argument.kind === 'count')
      throw this.error(close, `${name} needs a property and a value`);
    return { kind: 'function', name, target, argument, position };
  }

  private parseLambda(operator: 'any' | 'all', collection: string[], position: number): FilterExpression {
    this.expectSymbol('(');
    if (this.isSymbol(this.peek(), ')')) {
      this.next();
      return { kind: 'lambda', operator, collection, position };
    }
    const variable = this.next();
    if (variable.kind !== 'identifier')
      throw this.error(variable, `expected a range variable but found ${describe(variable)}`);
    this.expectSymbol(':');
    const predicate = this.parseOr();
    this.expectSymbol(')');
    return { kind: 'lambda', operator, collection, variable: variable.text, predicate, position };
  }
}

/**
 * Parses a `$filter` value.
 * @throws GraphHttpError 400 `BadRequest` "Invalid filter clause: Syntax error at position N in '…': …".
 */
export function parseFilter(text: string): FilterExpression {
  return new FilterParser(text, tokenizeFilter(text)).parse();
}
