/**
 * Finds source-user attributes that put a demo user in scope of syncs, from the syncs' own scope clauses:
 * the demo must follow whatever topology the stack runs, so it cannot hard-code a department. Every answer
 * is checked with the product's {@link evaluateScope}, so the solver can guess but never lie.
 */
import { evaluateScope, type ScopeClause, type ScopeFilter } from '../../core/scope.js';
import type { AttributeValue, UserAttributes } from '../../core/user-attributes.js';

/** The part of a sync the solver reads. */
export interface ScopedSync {
  readonly id: string;
  readonly scope: readonly ScopeFilter[];
}

/** The demo users one source needs: one for every sync when possible, else one per sync. */
export interface DemoUserPlan {
  /** Syncs this user is meant to cross. */
  readonly syncIds: readonly string[];
  /** Attributes in scope of every one of them, or null when no attributes satisfy the sync's scope. */
  readonly attributes: UserAttributes | null;
}

// The person's identity comes from the base (a unique local part at a domain of the tenant); inventing
// another value would break uniqueness, so clauses on these attributes only choose between bases.
const identityAttributes = new Set(['mail', 'userPrincipalName', 'mailNickname']);
// Filters are OR-ed per sync: trying every combination is exponential, and topologies are small.
const maxFilterCombinations = 512;

/**
 * Returns the first base (in order), completed with values derived from the scope clauses, that is in scope
 * of every sync; null when none is. A sync without filters accepts any internal member.
 */
export function solveScope(
  syncs: readonly ScopedSync[],
  bases: readonly UserAttributes[],
): UserAttributes | null {
  for (const base of bases) {
    for (const clauses of filterCombinations(syncs)) {
      const attributes = assignValues(base, clauses);
      if (attributes !== null && syncs.every((sync) => evaluateScope(attributes, sync.scope).inScope)) {
        return attributes;
      }
    }
  }
  return null;
}

/**
 * Plans the demo users of one source: a single user in scope of every sync from it when one exists,
 * otherwise one user per sync (user `n` built from `basesFor(n)`, counting from 1).
 */
export function planDemoUsers(
  syncs: readonly ScopedSync[],
  basesFor: (userNumber: number) => readonly UserAttributes[],
): DemoUserPlan[] {
  if (syncs.length === 0) return [];
  const shared = solveScope(syncs, basesFor(1));
  if (shared !== null) return [{ syncIds: syncs.map((sync) => sync.id), attributes: shared }];
  return syncs.map((sync, index) => ({
    syncIds: [sync.id],
    attributes: solveScope([sync], basesFor(index + 1)),
  }));
}

function* filterCombinations(syncs: readonly ScopedSync[]): Generator<readonly ScopeClause[]> {
  let combinations: ScopeClause[][] = [[]];
  for (const sync of syncs) {
    if (sync.scope.length === 0) continue;
    const next: ScopeClause[][] = [];
    for (const chosen of combinations) {
      for (const filter of sync.scope) {
        if (next.length >= maxFilterCombinations) break;
        next.push([...chosen, ...filter.clauses]);
      }
    }
    combinations = next;
  }
  yield* combinations;
}

/** The base with a value for every constrained attribute that passes all its clauses; null when one has none. */
function assignValues(base: UserAttributes, clauses: readonly ScopeClause[]): UserAttributes | null {
  const byAttribute = new Map<string, ScopeClause[]>();
  for (const clause of clauses) {
    byAttribute.set(clause.attribute, [...(byAttribute.get(clause.attribute) ?? []), clause]);
  }
  const attributes: Record<string, AttributeValue> = { ...base };
  for (const [attribute, attributeClauses] of byAttribute) {
    const current = base[attribute];
    const candidates = [
      ...(current === undefined ? [] : [current]),
      ...(identityAttributes.has(attribute) ? [] : attributeClauses.flatMap(candidatesFor)),
    ];
    const value = candidates.find(
      (candidate) => evaluateScope({ [attribute]: candidate }, [{ clauses: attributeClauses }]).inScope,
    );
    if (value === undefined) return null;
    attributes[attribute] = value;
  }
  return attributes;
}

/** Values likely to satisfy `clause` (and, for the negative operators, unlikely to be excluded). */
function candidatesFor(clause: ScopeClause): AttributeValue[] {
  const neutral = ['Demo', `Demo ${clause.attribute}`];
  switch (clause.operator) {
    case 'equals':
      return [clause.value];
    case 'in':
      return [...clause.values];
    case 'starts-with':
      return [clause.value, `${clause.value} Demo`];
    case 'ends-with':
      return [clause.value, `Demo ${clause.value}`];
    case 'regex': {
      const literal = literalOf(clause.value);
      return literal === null ? [] : [literal];
    }
    case 'is-true':
      return [true];
    case 'is-false':
      return [false];
    case 'is-null':
      return [null];
    case 'not-equals':
    case 'not-in':
    case 'not-regex':
    case 'is-not-null':
      return neutral;
  }
}

/** The text a pattern such as `^Sales$` or `Eng` matches literally; null for anything with operators. */
function literalOf(pattern: string): string | null {
  const body = pattern.replace(/^\^/, '').replace(/\$$/, '');
  return body !== '' && !/[\\^$.|?*+()[\]{}]/.test(body) ? body : null;
}
