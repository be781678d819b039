import { describe, expect, it } from 'vitest';
import { compileScopePattern, evaluateScope, type ScopeClause } from '../../src/core/scope.js';
import { aSourceUser } from '../support/builders.js';

const user = aSourceUser({
  department: 'Sales',
  country: 'NL',
  mail: 'adele.vance@contoso.com',
  jobTitle: '',
  officeLocation: null,
  extension_0123456789abcdef0123456789abcdef_isContractor: true,
});
const contractor = 'extension_0123456789abcdef0123456789abcdef_isContractor';

function passes(clause: ScopeClause, attributes = user): boolean {
  return evaluateScope(attributes, [{ clauses: [clause] }]).inScope;
}

describe('evaluateScope', () => {
  it('puts every user in scope when there are no filters', () => {
    expect(evaluateScope(user, [])).toEqual({
      inScope: true,
      decidedBy: {},
      explanation: 'No scoping filter: every internal member is in scope.',
    });
  });

  describe('operators', () => {
    it.each<[string, ScopeClause, boolean]>([
      ['equals matches exactly', { attribute: 'department', operator: 'equals', value: 'Sales' }, true],
      ['equals is case-sensitive', { attribute: 'department', operator: 'equals', value: 'sales' }, false],
      [
        'not-equals passes a different value',
        { attribute: 'department', operator: 'not-equals', value: 'HR' },
        true,
      ],
      [
        'not-equals fails the same value',
        { attribute: 'department', operator: 'not-equals', value: 'Sales' },
        false,
      ],
      ['in passes a listed value', { attribute: 'country', operator: 'in', values: ['BE', 'NL'] }, true],
      ['in fails an unlisted value', { attribute: 'country', operator: 'in', values: ['BE', 'DE'] }, false],
      ['not-in passes an unlisted value', { attribute: 'country', operator: 'not-in', values: ['DE'] }, true],
      ['not-in fails a listed value', { attribute: 'country', operator: 'not-in', values: ['NL'] }, false],
      ['starts-with passes a prefix', { attribute: 'mail', operator: 'starts-with', value: 'adele.' }, true],
      ['starts-with fails a non-prefix', { attribute: 'mail', operator: 'starts-with', value: 'bob' }, false],
      [
        'ends-with passes a suffix',
        { attribute: 'mail', operator: 'ends-with', value: '@contoso.com' },
        true,
      ],
      [
        'ends-with is case-sensitive',
        { attribute: 'mail', operator: 'ends-with', value: '@Contoso.com' },
        false,
      ],
      ['is-true passes true', { attribute: contractor, operator: 'is-true' }, true],
      ['is-false fails true', { attribute: contractor, operator: 'is-false' }, false],
      ['is-not-null passes a value', { attribute: 'department', operator: 'is-not-null' }, true],
      ['is-null fails a value', { attribute: 'department', operator: 'is-null' }, false],
      [
        'regex passes a match',
        { attribute: 'mail', operator: 'regex', value: '^[a-z.]+@contoso\\.com$' },
        true,
      ],
      ['regex is unanchored', { attribute: 'department', operator: 'regex', value: 'al' }, true],
      ['regex fails a non-match', { attribute: 'mail', operator: 'regex', value: '@fabrikam' }, false],
      [
        'not-regex passes a non-match',
        { attribute: 'mail', operator: 'not-regex', value: '@fabrikam' },
        true,
      ],
      ['not-regex fails a match', { attribute: 'mail', operator: 'not-regex', value: 'contoso' }, false],
    ])('%s', (_name, clause, expected) => {
      expect(passes(clause)).toBe(expected);
    });

    it('passes is-true only for a real boolean, not the text "true"', () => {
      expect(
        passes({ attribute: 'department', operator: 'is-true' }, aSourceUser({ department: 'true' })),
      ).toBe(false);
    });

    it('compares booleans and numbers as text', () => {
      expect(passes({ attribute: contractor, operator: 'equals', value: 'true' })).toBe(true);
      expect(
        passes({ attribute: 'employeeId', operator: 'equals', value: '42' }, aSourceUser({ employeeId: 42 })),
      ).toBe(true);
    });
  });

  describe('empty values', () => {
    const operators: ScopeClause[] = [
      { attribute: 'jobTitle', operator: 'equals', value: '' },
      { attribute: 'jobTitle', operator: 'not-equals', value: 'Manager' },
      { attribute: 'jobTitle', operator: 'in', values: ['Manager'] },
      { attribute: 'jobTitle', operator: 'not-in', values: ['Manager'] },
      { attribute: 'jobTitle', operator: 'starts-with', value: 'M' },
      { attribute: 'jobTitle', operator: 'ends-with', value: 'r' },
      { attribute: 'jobTitle', operator: 'regex', value: '.*' },
      { attribute: 'jobTitle', operator: 'not-regex', value: 'Manager' },
      { attribute: 'jobTitle', operator: 'is-true' },
      { attribute: 'jobTitle', operator: 'is-false' },
      { attribute: 'jobTitle', operator: 'is-not-null' },
    ];

    it.each(operators)('make $operator false', (clause) => {
      expect(passes(clause)).toBe(false);
    });

    it.each(['jobTitle', 'officeLocation', 'faxNumber'])(
      'make is-null true for %s (empty, null, missing)',
      (attribute) => {
        expect(passes({ attribute, operator: 'is-null' })).toBe(true);
      },
    );

    it('treat an empty list as empty', () => {
      expect(passes({ attribute: 'x', operator: 'is-null' }, aSourceUser({ x: [] }))).toBe(true);
    });
  });

  describe('filters and clauses', () => {
    const sales = { attribute: 'department', operator: 'equals', value: 'Sales' } as const;
    const benelux = { attribute: 'country', operator: 'in', values: ['NL', 'BE'] } as const;
    const marketing = { attribute: 'department', operator: 'equals', value: 'Marketing' } as const;

    it('requires every clause of a filter (AND)', () => {
      const decision = evaluateScope(aSourceUser({ country: 'DE' }), [{ clauses: [sales, benelux] }]);
      expect(decision).toEqual({
        inScope: false,
        decidedBy: { filter: 1, clause: 2 },
        explanation: "Out of scope: filter 1 clause 2: country 'DE' is not one of 'NL', 'BE'.",
      });
    });

    it('needs only one filter to pass (OR) and names it', () => {
      const decision = evaluateScope(user, [{ clauses: [marketing] }, { clauses: [sales, benelux] }]);
      expect(decision).toEqual({
        inScope: true,
        decidedBy: { filter: 2 },
        explanation:
          "In scope by filter 2: department 'Sales' equals 'Sales' and country 'NL' is one of 'NL', 'BE'.",
      });
    });

    it('explains every failed filter when none passes', () => {
      const decision = evaluateScope(aSourceUser({ department: 'HR' }), [
        { clauses: [marketing] },
        { clauses: [sales] },
      ]);
      expect(decision.inScope).toBe(false);
      expect(decision.decidedBy).toEqual({ filter: 1, clause: 1 });
      expect(decision.explanation).toBe(
        "Out of scope: filter 1 clause 1: department 'HR' does not equal 'Marketing'; " +
          "filter 2 clause 1: department 'HR' does not equal 'Sales'.",
      );
    });

    it('explains an empty value', () => {
      const decision = evaluateScope(user, [
        { clauses: [{ attribute: 'jobTitle', operator: 'equals', value: 'x' }] },
      ]);
      expect(decision.explanation).toBe(
        "Out of scope: filter 1 clause 1: jobTitle is empty (empty values never pass 'equals').",
      );
    });
  });
});

describe('compileScopePattern', () => {
  it('throws a SyntaxError for an invalid pattern', () => {
    expect(() => compileScopePattern('([a-')).toThrow(SyntaxError);
  });
});
