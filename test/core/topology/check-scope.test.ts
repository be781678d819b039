import { describe, expect, it } from 'vitest';
import { parseTopology } from '../../../src/core/topology/parse-topology.js';
import { lineWith, onlyIssueOf, withSyncs } from '../../support/topology-text.js';

function withClause(clause: string): string {
  return withSyncs(
    `  - id: contoso-to-fabrikam\n    from: contoso\n    to: fabrikam\n    scope:\n      filters:\n        - clauses:\n            - ${clause} # here\n`,
  );
}

describe('checkScope (through parseTopology)', () => {
  it('accepts every operator on a suitable attribute, including directory extensions', () => {
    const text = withSyncs(`  - id: a
    from: contoso
    to: fabrikam
    scope:
      filters:
        - clauses:
            - { attribute: department, operator: equals, value: Sales }
            - { attribute: department, operator: not-equals, value: HR }
            - { attribute: country, operator: in, values: [NL, BE] }
            - { attribute: country, operator: not-in, values: [DE] }
            - { attribute: mail, operator: starts-with, value: a }
            - { attribute: mail, operator: ends-with, value: "@contoso.com" }
            - { attribute: mail, operator: regex, value: "^[a-z.]+@" }
            - { attribute: mail, operator: not-regex, value: "^admin" }
            - { attribute: jobTitle, operator: is-not-null }
            - { attribute: officeLocation, operator: is-null }
            - { attribute: showInAddressList, operator: is-true }
            - { attribute: extension_0123456789abcdef0123456789abcdef_isContractor, operator: is-false }
`);
    expect(parseTopology(text, 'x').topology.syncs[0]?.scope[0]?.clauses).toHaveLength(12);
  });

  it('forbids userType, because loop prevention owns it', () => {
    const text = withClause('{ attribute: userType, operator: equals, value: Member }');
    const issue = onlyIssueOf(text);
    expect(issue).toMatchObject({
      line: lineWith(text, '# here'),
      path: 'syncs[0].scope.filters[0].clauses[0].attribute',
    });
    expect(issue.message).toMatch(/^userType can't be a scoping attribute: loop prevention/);
  });

  it.each([
    ['an unknown attribute', 'departmnet', /unknown user attribute 'departmnet'/],
    ['a multi-valued attribute', 'otherMails', /multi-valued attributes are not supported/],
    ['a date attribute', 'createdDateTime', /date attributes are not supported/],
    ['the manager reference', 'manager', /reference attributes are not supported/],
  ])('rejects %s', (_name, attribute, message) => {
    const text = withClause(`{ attribute: ${attribute}, operator: is-not-null }`);
    const issue = onlyIssueOf(text);
    expect(issue.line).toBe(lineWith(text, '# here'));
    expect(issue.message).toMatch(message);
  });

  it('rejects is-true on a text attribute', () => {
    expect(onlyIssueOf(withClause('{ attribute: department, operator: is-true }')).message).toBe(
      'is-true needs a true/false attribute, and department is text: use equals instead',
    );
  });

  it('rejects an invalid regular expression at its value, with its line', () => {
    const text = withClause('{ attribute: mail, operator: regex, value: "([a-z" }');
    expect(onlyIssueOf(text)).toMatchObject({
      line: lineWith(text, '# here'),
      path: 'syncs[0].scope.filters[0].clauses[0].value',
      message: expect.stringMatching(/^invalid regular expression: .*Unterminated/) as unknown,
    });
  });

  it.each([
    [
      'an unknown operator',
      '{ attribute: department, operator: contains, value: S }',
      'operator',
      /expected one of 'equals'/,
    ],
    ['a missing value', '{ attribute: department, operator: equals }', 'value', /'value' is required/],
    [
      'a number instead of text',
      '{ attribute: employeeId, operator: equals, value: 42 }',
      'value',
      /put numbers and true\/false in quotes/,
    ],
    [
      'values on a single-value operator',
      '{ attribute: country, operator: equals, value: NL, values: [BE] }',
      'values',
      /unknown field 'values'/,
    ],
    [
      'an empty values list',
      '{ attribute: country, operator: in, values: [] }',
      'values',
      /at least one value/,
    ],
    [
      'a value on a unary operator',
      '{ attribute: jobTitle, operator: is-null, value: x }',
      'value',
      /unknown field 'value'/,
    ],
  ])('rejects %s', (_name, clause, field, message) => {
    const text = withClause(clause);
    const issue = onlyIssueOf(text);
    expect(issue.path).toBe(`syncs[0].scope.filters[0].clauses[0].${field}`);
    expect(issue.line).toBe(lineWith(text, '# here'));
    expect(issue.message).toMatch(message);
  });

  it('rejects an empty filter list', () => {
    const text = withSyncs(
      '  - id: a\n    from: contoso\n    to: fabrikam\n    scope:\n      filters: [] # here\n',
    );
    expect(onlyIssueOf(text)).toMatchObject({
      line: lineWith(text, '# here'),
      message: 'expected at least one filter (leave scope out to sync every internal member)',
    });
  });
});
