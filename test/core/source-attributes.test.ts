import { describe, expect, it } from 'vitest';
import { defaultMappings } from '../../src/core/attribute-mapping.js';
import { selectHash, sourceSelectFor } from '../../src/core/source-attributes.js';
import { aSync, testAnchorAttribute } from '../support/builders.js';

describe('sourceSelectFor', () => {
  it('always reads identity, loop-prevention and lifecycle attributes plus the anchor', () => {
    expect(sourceSelectFor([], testAnchorAttribute)).toEqual(
      [
        'accountEnabled',
        'creationType',
        'displayName',
        'id',
        'mail',
        'userPrincipalName',
        'userType',
        testAnchorAttribute,
      ].sort(),
    );
  });

  it('adds every attribute read by scopes, copies and templates, sorted and without duplicates', () => {
    const costCenter = 'extension_0123456789abcdef0123456789abcdef_costCenter';
    const select = sourceSelectFor(
      [
        aSync({
          scope: [{ clauses: [{ attribute: 'department', operator: 'equals', value: 'Sales' }] }],
          mappings: [
            { kind: 'copy', target: 'jobTitle', source: 'jobTitle', apply: 'always' },
            { kind: 'template', target: 'displayName', template: '{givenName} {surname}', apply: 'always' },
          ],
        }),
        aSync({
          id: 'contoso-to-northwind',
          scope: [{ clauses: [{ attribute: costCenter, operator: 'is-not-null' }] }],
          mappings: [{ kind: 'copy', target: 'department', source: 'department', apply: 'onCreate' }],
        }),
      ],
      testAnchorAttribute,
    );
    expect(select).toEqual(
      [
        'accountEnabled',
        'creationType',
        'department',
        'displayName',
        costCenter,
        'givenName',
        'id',
        'jobTitle',
        'mail',
        'surname',
        'userPrincipalName',
        'userType',
        testAnchorAttribute,
      ].sort(),
    );
  });

  it('reads every default-mapped profile attribute for the default mappings', () => {
    const select = sourceSelectFor([aSync({ mappings: defaultMappings })], testAnchorAttribute);
    expect(select).toEqual(
      expect.arrayContaining(['businessPhones', 'employeeId', 'preferredLanguage', 'postalCode']),
    );
  });
});

describe('selectHash', () => {
  it('ignores order and duplicates', () => {
    expect(selectHash(['mail', 'id', 'mail'])).toBe(selectHash(['id', 'mail']));
  });

  it('changes when an attribute is added', () => {
    expect(selectHash(['id', 'mail'])).not.toBe(selectHash(['id', 'mail', 'department']));
  });
});
