import { describe, expect, it } from 'vitest';
import { analyzeFilter } from '../../../../src/local/graph-simulator/directory/odata-filter-analysis.js';
import { parseFilter } from '../../../../src/local/graph-simulator/directory/odata-filter-parser.js';
import { createUserSchema } from '../../../../src/local/graph-simulator/directory/user-properties.js';
import { anchorProperty, graphErrorOf } from './directory-fixture.js';

const schema = createUserSchema([anchorProperty]);
const reasonsOf = (filter: string) => analyzeFilter(parseFilter(filter), schema);

describe('analyzeFilter', () => {
  it('finds nothing advanced in filters Graph runs by default', () => {
    for (const filter of [
      "userPrincipalName eq 'a@b.com' or mail eq 'a@b.com' or otherMails/any(x:x eq 'a@b.com')",
      "startsWith(displayName,'A') and department eq 'Sales' and accountEnabled eq true",
      `${anchorProperty} eq 'x'`,
      "identities/any(i:i/issuer eq 'x' and i/issuerAssignedId eq 'y')",
      "id in ('a','b') and userType eq 'Member' and creationType eq 'Invitation'",
      'createdDateTime ge 2024-01-01T00:00:00Z',
    ]) {
      expect(reasonsOf(filter), filter).toEqual([]);
    }
  });

  it('flags advanced operators and properties', () => {
    expect(reasonsOf("userType ne 'Guest'")).toEqual([{ kind: 'operator', name: 'ne' }]);
    expect(reasonsOf("not(userType eq 'Guest')")).toEqual([{ kind: 'operator', name: 'not' }]);
    expect(reasonsOf("endsWith(mail,'@contoso.com')")).toEqual([{ kind: 'operator', name: 'endsWith' }]);
    expect(reasonsOf("companyName eq 'Contoso'")).toEqual([{ kind: 'property', name: 'companyName' }]);
    expect(reasonsOf("onPremisesExtensionAttributes/extensionAttribute3 eq 'x'")).toEqual([
      { kind: 'property', name: 'onPremisesExtensionAttributes/extensionAttribute3' },
    ]);
    expect(reasonsOf('jobTitle eq null')).toEqual([{ kind: 'property', name: 'jobTitle' }]);
    expect(reasonsOf('otherMails/$count eq 0')).toEqual([{ kind: 'operator', name: '$count' }]);
  });

  it.each([
    ["favoriteColor eq 'blue'", 'favoriteColor'],
    ["businessPhones/any(x:x eq '1')", 'businessPhones'],
    ["endsWith(displayName,'x')", 'displayName'],
    ["extension_0000_unknown eq 'x'", 'extension_0000_unknown'],
    [
      "onPremisesExtensionAttributes/extensionAttribute99 eq 'x'",
      'onPremisesExtensionAttributes/extensionAttribute99',
    ],
    ["identities/any(i:i/colour eq 'x')", 'identities/colour'],
  ])('rejects %s as an unsupported clause for %s', (filter, property) => {
    const error = graphErrorOf(() => reasonsOf(filter));
    expect(error.code).toBe('Request_UnsupportedQuery');
    expect(error.message).toBe(
      `Unsupported or invalid query filter clause specified for property '${property}' of resource 'User'.`,
    );
  });

  it('rejects literals of the wrong type with the OData message', () => {
    const error = graphErrorOf(() => reasonsOf("accountEnabled eq 'yes'"));
    expect(error.code).toBe('BadRequest');
    expect(error.message).toBe(
      "A binary operator with incompatible types was detected. Found operand types 'Edm.Boolean' and 'Edm.String' for operator kind 'Equal'.",
    );
  });

  it('rejects gt and lt, which the directory does not support', () => {
    expect(graphErrorOf(() => reasonsOf('createdDateTime gt 2024-01-01T00:00:00Z')).code).toBe(
      'Request_UnsupportedQuery',
    );
  });
});
