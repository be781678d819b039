/**
 * Attribute scoping, as in Entra cross-tenant sync: clauses inside a filter are AND-ed, filters are OR-ed,
 * no filters means every internal member. Comparisons are case-sensitive (CTS `EQUALS` is), and an empty
 * value (missing, null, '' or an empty list) makes every operator false except `is-null`.
 */
import type { AttributeValue, UserAttributes } from './user-attributes.js';

/** Operators that compare with one `value`. `regex`/`not-regex` take a JavaScript pattern (unanchored). */
export type ScopeValueOperator =
  'equals' | 'not-equals' | 'starts-with' | 'ends-with' | 'regex' | 'not-regex';
/** Operators that compare with a list of `values`. */
export type ScopeListOperator = 'in' | 'not-in';
/** Operators without an operand. */
export type ScopeUnaryOperator = 'is-true' | 'is-false' | 'is-null' | 'is-not-null';
/** Every scoping operator. */
export type ScopeOperator = ScopeValueOperator | ScopeListOperator | ScopeUnaryOperator;

/** One condition on one source attribute. */
export type ScopeClause =
  | { readonly attribute: string; readonly operator: ScopeValueOperator; readonly value: string }
  | { readonly attribute: string; readonly operator: ScopeListOperator; readonly values: readonly string[] }
  | { readonly attribute: string; readonly operator: ScopeUnaryOperator };

/** Clauses that must all hold. */
export interface ScopeFilter {
  readonly clauses: readonly ScopeClause[];
}

/** The outcome of {@link evaluateScope}. Numbers are 1-based, as in the explanation administrators read. */
export interface ScopeDecision {
  readonly inScope: boolean;
  /** In scope: the first filter that passed. Out of scope: the first filter and its first failing clause. */
  readonly decidedBy: { readonly filter?: number; readonly clause?: number };
  /** A sentence for provision-on-demand reports and logs. */
  readonly explanation: string;
}

const patternCache = new Map<string, RegExp>();

/**
 * Compiles a scoping pattern the way evaluation uses it (Unicode mode, unanchored: add `^`/`$` to match
 * the whole value).
 *
 * @throws SyntaxError when the pattern is invalid; topology validation reports it with its line.
 */
export function compileScopePattern(pattern: string): RegExp {
  let compiled = patternCache.get(pattern);
  if (compiled === undefined) {
    compiled = new RegExp(pattern, 'u');
    patternCache.set(pattern, compiled);
  }
  return compiled;
}

/**
 * Decides whether a source user is in scope of a sync's filters and explains why in a sentence such as
 * "filter 1 clause 2: department 'Marketing' does not equal 'Sales'".
 */
export function evaluateScope(attributes: UserAttributes, filters: readonly ScopeFilter[]): ScopeDecision {
  if (filters.length === 0) {
    return {
      inScope: true,
      decidedBy: {},
      explanation: 'No scoping filter: every internal member is in scope.',
    };
  }
  const failures: { filter: number; clause: number; fact: string }[] = [];
  for (const [filterIndex, filter] of filters.entries()) {
    const facts: string[] = [];
    let failed = false;
    for (const [clauseIndex, clause] of filter.clauses.entries()) {
      const outcome = evaluateClause(clause, attributes[clause.attribute]);
      if (!outcome.passed) {
        failures.push({ filter: filterIndex + 1, clause: clauseIndex + 1, fact: outcome.fact });
        failed = true;
        break;
      }
      facts.push(outcome.fact);
    }
    if (!failed) {
      return {
        inScope: true,
        decidedBy: { filter: filterIndex + 1 },
        explanation: `In scope by filter ${filterIndex + 1}: ${facts.join(' and ')}.`,
      };
    }
  }
  const first = failures[0];
  return {
    inScope: false,
    decidedBy: first === undefined ? {} : { filter: first.filter, clause: first.clause },
    explanation: `Out of scope: ${failures.map((f) => `filter ${f.filter} clause ${f.clause}: ${f.fact}`).join('; ')}.`,
  };
}

interface ClauseOutcome {
  readonly passed: boolean;
  readonly fact: string;
}

function evaluateClause(clause: ScopeClause, raw: AttributeValue | undefined): ClauseOutcome {
  const value = toComparable(raw);
  const name = clause.attribute;
  if (clause.operator === 'is-null') {
    return value === null
      ? { passed: true, fact: `${name} is empty` }
      : { passed: false, fact: `${name} is ${quote(value)}, not empty` };
  }
  if (value === null)
    return { passed: false, fact: `${name} is empty (empty values never pass '${clause.operator}')` };
  const subject = `${name} ${quote(value)}`;
  switch (clause.operator) {
    case 'is-not-null':
      return { passed: true, fact: `${name} is ${quote(value)}` };
    case 'is-true':
      return raw === true
        ? { passed: true, fact: `${name} is true` }
        : { passed: false, fact: `${name} is ${quote(value)}, not true` };
    case 'is-false':
      return raw === false
        ? { passed: true, fact: `${name} is false` }
        : { passed: false, fact: `${name} is ${quote(value)}, not false` };
    case 'equals':
      return value === clause.value
        ? { passed: true, fact: `${subject} equals ${quote(clause.value)}` }
        : { passed: false, fact: `${subject} does not equal ${quote(clause.value)}` };
    case 'not-equals':
      return value !== clause.value
        ? { passed: true, fact: `${subject} does not equal ${quote(clause.value)}` }
        : { passed: false, fact: `${subject} equals ${quote(clause.value)}` };
    case 'starts-with':
      return value.startsWith(clause.value)
        ? { passed: true, fact: `${subject} starts with ${quote(clause.value)}` }
        : { passed: false, fact: `${subject} does not start with ${quote(clause.value)}` };
    case 'ends-with':
      return value.endsWith(clause.value)
        ? { passed: true, fact: `${subject} ends with ${quote(clause.value)}` }
        : { passed: false, fact: `${subject} does not end with ${quote(clause.value)}` };
    case 'regex':
    case 'not-regex': {
      const matches = compileScopePattern(clause.value).test(value);
      const fact = `${subject} ${matches ? 'matches' : 'does not match'} /${clause.value}/`;
      return { passed: matches === (clause.operator === 'regex'), fact };
    }
    case 'in':
    case 'not-in': {
      const listed = clause.values.includes(value);
      const fact = `${subject} is ${listed ? '' : 'not '}one of ${clause.values.map(quote).join(', ')}`;
      return { passed: listed === (clause.operator === 'in'), fact };
    }
  }
}

/** Scoping reads single values: text as is, booleans and numbers as text, a list by its first item. */
function toComparable(value: AttributeValue | undefined): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string') return value === '' ? null : value;
  if (typeof value === 'boolean' || typeof value === 'number') return String(value);
  const first = value[0];
  return first === undefined || first === '' ? null : first;
}

function quote(value: string): string {
  return `'${value}'`;
}
