import { describe, expect, it } from 'vitest';
import { analyzeFilter } from '../../../../src/local/graph-simulator/directory/odata-filter-analysis.js';
import { compileFilter } from '../../../../src/local/graph-simulator/directory/odata-filter-evaluator.js';
import { parseFilter } from '../../../../src/local/graph-simulator/directory/odata-filter-parser.js';
import type { UserValues } from '../../../../src/local/graph-simulator/directory/user-record.js';
import { createUserSchema } from '../../../../src/local/graph-simulator/directory/user-properties.js';
import { anchorProperty } from './directory-fixture.js';

const schema = createUserSchema([anchorProperty]);

const adele: UserValues = {
  id: '00000000-0000-4000-8000-00000000ade1',
  displayName: 'Adele Vance',
  userPrincipalName: 'adele.vance@contoso.com',
  mail: 'Adele.Vance@contoso.com',
  otherMails: ['adele@private.example'],
  accountEnabled: true,
  userType: 'Member',
  jobTitle: null,
  createdDateTime: '2024-05-01T10:00:00Z',
  identities: [{ signInType: 'emailAddress', issuer: 'contoso.com', issuerAssignedId: 'adele@contoso.com' }],
  onPremisesExtensionAttributes: { extensionAttribute1: 'blue' },
  [anchorProperty]: 'tenant:user',
};

function matches(filter: string, values: UserValues = adele): boolean {
  const ast = parseFilter(filter);
  analyzeFilter(ast, schema);
  return compileFilter(ast, schema)(values);
}

describe('compileFilter', () => {
  it('compares strings without regard to case', () => {
    expect(matches("mail eq 'ADELE.vance@CONTOSO.com'")).toBe(true);
    expect(matches("displayName eq 'Megan Bowen'")).toBe(false);
  });

  it('treats unset and cleared values as null', () => {
    expect(matches('jobTitle eq null')).toBe(true);
    expect(matches('department eq null')).toBe(true);
    expect(matches('mail ne null')).toBe(true);
  });

  it('compares booleans and date-times', () => {
    expect(matches('accountEnabled eq true')).toBe(true);
    expect(matches('createdDateTime ge 2024-05-01T10:00:00Z')).toBe(true);
    expect(matches('createdDateTime le 2024-04-30T00:00:00Z')).toBe(false);
  });

  it('evaluates startsWith, endsWith and in', () => {
    expect(matches("startsWith(displayName,'ade')")).toBe(true);
    expect(matches("endsWith(userPrincipalName,'@CONTOSO.COM')")).toBe(true);
    expect(matches("userType in ('Guest','member')")).toBe(true);
    expect(matches("userType in ('Guest')")).toBe(false);
  });

  it('evaluates and, or and not', () => {
    expect(matches("userType eq 'Guest' or accountEnabled eq true")).toBe(true);
    expect(matches("userType eq 'Guest' or accountEnabled eq true and displayName eq 'x'")).toBe(false);
    expect(matches("not(userType eq 'Guest')")).toBe(true);
  });

  it('evaluates lambdas over addresses and identities', () => {
    expect(matches("otherMails/any(x:x eq 'ADELE@private.example')")).toBe(true);
    expect(matches("otherMails/any(x:startsWith(x,'nobody'))")).toBe(false);
    expect(
      matches("identities/any(i:i/issuer eq 'contoso.com' and i/issuerAssignedId eq 'adele@contoso.com')"),
    ).toBe(true);
    expect(
      matches("identities/any(i:i/issuer eq 'fabrikam.com' and i/issuerAssignedId eq 'adele@contoso.com')"),
    ).toBe(false);
  });

  it('reads directory extensions and on-premises extension attributes', () => {
    expect(matches(`${anchorProperty} eq 'tenant:user'`)).toBe(true);
    expect(matches("onPremisesExtensionAttributes/extensionAttribute1 eq 'Blue'")).toBe(true);
  });

  it('counts collections', () => {
    expect(matches('otherMails/$count eq 1')).toBe(true);
    expect(matches('otherMails/$count eq 0', { id: 'x' })).toBe(true);
  });

  it('accepts a literal on the left of a comparison', () => {
    expect(matches('2024-06-01T00:00:00Z ge createdDateTime')).toBe(true);
  });
});
