import { describe, expect, it } from 'vitest';
import type { ListUsersQuery } from '../../../../src/local/graph-simulator/directory/contract.js';
import { aDirectory, aNewUser, adeleId, anchorProperty, graphErrorOf, idsOf } from './directory-fixture.js';

const plain: ListUsersQuery = { consistencyLevelEventual: false };
const advanced: ListUsersQuery = { consistencyLevelEventual: true, count: true };

function listAll(
  list: (q: ListUsersQuery) => ReturnType<ReturnType<typeof aDirectory>['contoso']['listUsers']>,
  query: ListUsersQuery,
) {
  const ids: string[] = [];
  let page = list(query);
  ids.push(...idsOf(page.value));
  while (page.nextSkipToken !== undefined) {
    page = list({ ...query, skipToken: page.nextSkipToken });
    ids.push(...idsOf(page.value));
  }
  return ids;
}

describe('TenantDirectory.listUsers', () => {
  it('returns the default property set with nulls for unset properties', () => {
    const { contoso } = aDirectory();
    const [adele] = contoso.listUsers({ ...plain, filter: `id eq '${adeleId}'` }).value;
    expect(adele).toEqual({
      id: adeleId,
      businessPhones: [],
      displayName: 'Adele Vance',
      givenName: 'Adele',
      jobTitle: 'Account Executive',
      mail: 'adele.vance@contoso.com',
      mobilePhone: null,
      officeLocation: null,
      preferredLanguage: null,
      surname: 'Vance',
      userPrincipalName: 'adele.vance@contoso.com',
    });
  });

  it('pages through every user exactly once while users are added between pages', () => {
    const { contoso, directories } = aDirectory();
    directories.generateUsers('contoso', 47);
    const seen: string[] = [];
    let page = contoso.listUsers({ ...plain, top: 10 });
    let added = 0;
    for (;;) {
      seen.push(...idsOf(page.value));
      expect(page.value.length).toBeLessThanOrEqual(10);
      if (page.nextSkipToken === undefined) break;
      contoso.createUser(
        aNewUser({ userPrincipalName: `new${added}@contoso.com`, mailNickname: `new${added}` }),
      );
      added += 1;
      page = contoso.listUsers({ ...plain, top: 10, skipToken: page.nextSkipToken });
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBe(contoso.userCount());
  });

  it('skips users deleted between pages without repeating any', () => {
    const { contoso, directories } = aDirectory();
    directories.generateUsers('contoso', 20);
    const first = contoso.listUsers({ ...plain, top: 5 });
    const later = listAll((q) => contoso.listUsers(q), { ...plain, top: 5 });
    contoso.deleteUser(String(later.at(-1)));
    const rest = listAll((q) => contoso.listUsers(q), { ...plain, top: 5, skipToken: first.nextSkipToken });
    expect(rest).not.toContain(later.at(-1));
    expect([...idsOf(first.value), ...rest]).toEqual(later.slice(0, -1));
  });

  it('counts matches only for advanced queries', () => {
    const { contoso } = aDirectory();
    expect(contoso.listUsers({ ...plain, count: true }).count).toBeUndefined();
    expect(contoso.listUsers({ ...advanced, filter: "userType ne 'Guest'" }).count).toBe(3);
  });

  it('sorts by displayName and pages the sorted order', () => {
    const { contoso } = aDirectory();
    const names = listAll((q) => contoso.listUsers(q), { ...plain, top: 2, orderBy: 'displayName desc' });
    expect(names).toHaveLength(3);
    const page = contoso.listUsers({ ...plain, orderBy: 'displayName', select: ['displayName'] });
    expect(page.value.map((u) => u.displayName)).toEqual(['Adele Vance', 'Megan Bowen', 'Synced User']);
  });

  it('answers $search only with the ConsistencyLevel header', () => {
    const { contoso } = aDirectory();
    const found = contoso.listUsers({ consistencyLevelEventual: true, search: '"displayName:meg"' });
    expect(found.value.map((u) => u.displayName)).toEqual(['Megan Bowen']);
    const error = graphErrorOf(() => contoso.listUsers({ ...plain, search: '"displayName:meg"' }));
    expect(error.code).toBe('Request_UnsupportedQuery');
    expect(error.message).toContain('ConsistencyLevel: eventual');
  });

  it('finds users by indexed properties and by directory extension', () => {
    const { contoso } = aDirectory();
    contoso.updateUser(adeleId, { [anchorProperty]: 'src:1' });
    const query = (filter: string) => idsOf(contoso.listUsers({ ...plain, filter }).value);
    expect(query(`${anchorProperty} eq 'src:1'`)).toEqual([adeleId]);
    expect(query("otherMails/any(x:x eq 'ADELE@private.example')")).toEqual([adeleId]);
    expect(query("userPrincipalName eq 'adele.vance@contoso.com' and accountEnabled eq false")).toEqual([]);
    expect(query("mail eq 'megan.bowen@contoso.com' or mail eq 'adele.vance@contoso.com'")).toHaveLength(2);
  });

  it.each([
    ["userType ne 'Guest'", "Operator 'ne' is not supported"],
    ["not(userType eq 'Guest')", "Operator 'not' is not supported"],
    ["endsWith(mail,'@contoso.com')", "Operator 'endsWith' is not supported"],
    [
      "companyName eq 'Contoso'",
      "Unsupported or invalid query filter clause specified for property 'companyName' of resource 'User'.",
    ],
  ])('demands the advanced query parameters for %s', (filter, message) => {
    const { contoso } = aDirectory();
    for (const query of [
      { ...plain, filter },
      { ...plain, filter, count: true },
      { consistencyLevelEventual: true, filter },
    ]) {
      const error = graphErrorOf(() => contoso.listUsers(query));
      expect(error.status).toBe(400);
      expect(error.code).toBe('Request_UnsupportedQuery');
      expect(error.message).toContain(message);
    }
    expect(contoso.listUsers({ ...advanced, filter }).count).toBeGreaterThanOrEqual(0);
  });

  it('demands the advanced query parameters for $orderby with $filter', () => {
    const { contoso } = aDirectory();
    const query = { ...plain, filter: "department eq 'Sales'", orderBy: 'displayName' };
    const error = graphErrorOf(() => contoso.listUsers(query));
    expect([error.code, error.message]).toEqual([
      'Request_UnsupportedQuery',
      'Sorting not supported for current query.',
    ]);
    expect(contoso.listUsers({ ...query, ...advanced }).count).toBe(1);
  });

  it.each([0, 1000, 2.5])('rejects $top=%s', (top) => {
    const error = graphErrorOf(() => aDirectory().contoso.listUsers({ ...plain, top }));
    expect(error.code).toBe('Request_BadRequest');
    expect(error.message).toContain('Must be between 1 and 999');
  });

  it('rejects sorting by other properties', () => {
    const error = graphErrorOf(() => aDirectory().contoso.listUsers({ ...plain, orderBy: 'jobTitle' }));
    expect(error.code).toBe('Request_UnsupportedQuery');
  });

  it('rejects a skip token that is malformed or from another tenant', () => {
    const { contoso, fabrikam, directories } = aDirectory();
    directories.generateUsers('fabrikam', 3);
    const token = fabrikam.listUsers({ ...plain, top: 1 }).nextSkipToken;
    for (const skipToken of [token, 'not-a-token', 'e30']) {
      const error = graphErrorOf(() => contoso.listUsers({ ...plain, skipToken }));
      expect(error.code).toBe('Request_BadRequest');
    }
  });

  it('issues URL-safe skip tokens', () => {
    const { contoso, directories } = aDirectory();
    directories.generateUsers('contoso', 5);
    const token = contoso.listUsers({
      ...plain,
      top: 2,
      filter: "startsWith(displayName,'a') or userType eq 'Member'",
    }).nextSkipToken;
    expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
  });
});
