import { describe, expect, it } from 'vitest';
import { evaluateScope, type ScopeFilter } from '../../../src/core/scope.js';
import type { UserAttributes } from '../../../src/core/user-attributes.js';
import { planDemoUsers, solveScope, type ScopedSync } from '../../../src/local/demo/scope-solver.js';

const base: UserAttributes = {
  userPrincipalName: 'demo-1@contoso.com',
  mail: 'demo-1@contoso.com',
  department: 'Demo',
  jobTitle: 'Demo Joiner',
};
const sync = (id: string, ...filters: ScopeFilter[]): ScopedSync => ({ id, scope: filters });

describe('solveScope', () => {
  it('keeps the base when no sync has a scope', () => {
    expect(solveScope([sync('a'), sync('b')], [base])).toEqual(base);
  });

  it('takes a value an `in` clause lists and satisfies every sync with it', () => {
    const syncs = [
      sync('a', { clauses: [{ attribute: 'department', operator: 'in', values: ['Sales', 'Marketing'] }] }),
      sync('b', { clauses: [{ attribute: 'department', operator: 'not-equals', value: 'Legal' }] }),
    ];
    const solved = solveScope(syncs, [base]);
    expect(solved?.department).toBe('Sales');
    expect(solved?.jobTitle).toBe('Demo Joiner');
  });

  it('chooses the filter of each sync that is compatible with the others', () => {
    const syncs = [
      sync(
        'a',
        { clauses: [{ attribute: 'department', operator: 'equals', value: 'Legal' }] },
        { clauses: [{ attribute: 'department', operator: 'equals', value: 'IT' }] },
      ),
      sync('b', { clauses: [{ attribute: 'department', operator: 'in', values: ['IT', 'Operations'] }] }),
    ];
    expect(solveScope(syncs, [base])?.department).toBe('IT');
  });

  it('picks the base whose mail domain a clause requires instead of inventing an address', () => {
    const syncs = [
      sync('a', {
        clauses: [
          { attribute: 'department', operator: 'equals', value: 'Engineering' },
          { attribute: 'mail', operator: 'ends-with', value: '@northwindtraders.com' },
        ],
      }),
    ];
    const bases = [
      { ...base, mail: 'demo-1@northwind.onmicrosoft.com' },
      { ...base, mail: 'demo-1@northwindtraders.com' },
    ];
    expect(solveScope(syncs, bases)).toMatchObject({
      mail: 'demo-1@northwindtraders.com',
      department: 'Engineering',
    });
    expect(solveScope(syncs, [bases[0] ?? base])).toBeNull();
  });

  it('satisfies starts-with, literal regex, boolean and null clauses', () => {
    const filters: ScopeFilter[] = [
      {
        clauses: [
          { attribute: 'jobTitle', operator: 'starts-with', value: 'Senior' },
          { attribute: 'country', operator: 'regex', value: '^NL$' },
          { attribute: 'extension_x_isContractor', operator: 'is-false' },
          { attribute: 'employeeType', operator: 'is-null' },
        ],
      },
    ];
    const solved = solveScope([sync('a', ...filters)], [base]);
    expect(solved).not.toBeNull();
    expect(evaluateScope(solved ?? {}, filters).inScope).toBe(true);
    expect(solved).toMatchObject({ jobTitle: 'Senior', country: 'NL', extension_x_isContractor: false });
  });

  it('returns null when the syncs contradict each other', () => {
    const syncs = [
      sync('a', { clauses: [{ attribute: 'department', operator: 'equals', value: 'Sales' }] }),
      sync('b', { clauses: [{ attribute: 'department', operator: 'equals', value: 'Legal' }] }),
    ];
    expect(solveScope(syncs, [base])).toBeNull();
  });

  it('returns null for a pattern it cannot turn into a value', () => {
    const syncs = [sync('a', { clauses: [{ attribute: 'department', operator: 'regex', value: '^S.+s$' }] })];
    expect(solveScope(syncs, [base])).toBeNull();
  });
});

describe('planDemoUsers', () => {
  const basesFor = (n: number): UserAttributes[] => [{ ...base, userPrincipalName: `demo-${n}@contoso.com` }];

  it('plans one user for every sync of a source when one user can be in scope of all', () => {
    const syncs = [
      sync('a', { clauses: [{ attribute: 'department', operator: 'in', values: ['Sales', 'Marketing'] }] }),
      sync('b', { clauses: [{ attribute: 'department', operator: 'equals', value: 'Marketing' }] }),
    ];
    expect(planDemoUsers(syncs, basesFor)).toEqual([
      {
        syncIds: ['a', 'b'],
        attributes: { ...base, userPrincipalName: 'demo-1@contoso.com', department: 'Marketing' },
      },
    ]);
  });

  it('plans one user per sync, each numbered, when the scopes exclude each other', () => {
    const syncs = [
      sync('a', { clauses: [{ attribute: 'department', operator: 'equals', value: 'Sales' }] }),
      sync('b', { clauses: [{ attribute: 'department', operator: 'equals', value: 'Legal' }] }),
    ];
    const plans = planDemoUsers(syncs, basesFor);
    expect(plans.map((plan) => plan.syncIds)).toEqual([['a'], ['b']]);
    expect(plans.map((plan) => plan.attributes?.department)).toEqual(['Sales', 'Legal']);
    expect(plans.map((plan) => plan.attributes?.userPrincipalName)).toEqual([
      'demo-1@contoso.com',
      'demo-2@contoso.com',
    ]);
  });

  it('marks a sync no derivable user can be in scope of with null attributes', () => {
    const syncs = [
      sync('a', { clauses: [{ attribute: 'department', operator: 'equals', value: 'Sales' }] }),
      sync('b', { clauses: [{ attribute: 'department', operator: 'regex', value: '^(?:Le|Ga)gal$' }] }),
    ];
    const plans = planDemoUsers(syncs, basesFor);
    expect(plans.map((plan) => [plan.syncIds[0], plan.attributes === null])).toEqual([
      ['a', false],
      ['b', true],
    ]);
  });

  it('plans nobody for a tenant without syncs', () => {
    expect(planDemoUsers([], basesFor)).toEqual([]);
  });
});
