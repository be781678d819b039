import { describe, expect, it } from 'vitest';
import type { DirectoryChangeEvent } from '../../../../src/local/graph-simulator/directory/contract.js';
import { aDirectory, aNewUser, adeleId, anchorProperty, graphErrorOf } from './directory-fixture.js';

describe('TenantDirectory user writes', () => {
  it('creates an internal member and returns it without the password', () => {
    const { contoso } = aDirectory();
    const created = contoso.createUser(aNewUser({ department: 'Legal' }));
    expect(created).toMatchObject({
      displayName: 'Nestor Wilke',
      userPrincipalName: 'nestor.wilke@contoso.com',
    });
    expect(JSON.stringify(created)).not.toContain('Strong-Password');
    const stored = contoso.getUser('NESTOR.WILKE@contoso.com', [
      'userType',
      'creationType',
      'department',
      'createdDateTime',
      'passwordProfile',
    ]);
    expect(stored).toEqual({
      id: created.id,
      userType: 'Member',
      creationType: null,
      department: 'Legal',
      createdDateTime: '2025-01-01T00:00:00Z',
      passwordProfile: null,
    });
  });

  it.each(['accountEnabled', 'displayName', 'mailNickname', 'userPrincipalName', 'passwordProfile'])(
    'requires %s on create',
    (name) => {
      const { [name]: _omitted, ...body } = aNewUser();
      const error = graphErrorOf(() => aDirectory().contoso.createUser(body));
      expect([error.status, error.code]).toEqual([400, 'Request_BadRequest']);
      expect(error.message).toContain(`'${name}'`);
    },
  );

  it('refuses a UPN outside the verified domains and a duplicate UPN', () => {
    const { contoso } = aDirectory();
    const foreign = graphErrorOf(() => contoso.createUser(aNewUser({ userPrincipalName: 'x@fabrikam.com' })));
    expect(foreign.message).toContain('domain portion of the userPrincipalName property is invalid');
    const duplicate = graphErrorOf(() =>
      contoso.createUser(aNewUser({ userPrincipalName: 'Adele.Vance@contoso.com' })),
    );
    expect([duplicate.code, duplicate.message]).toEqual([
      'Request_MultipleObjectsWithSameKeyValue',
      'Another object with the same value for property userPrincipalName already exists.',
    ]);
  });

  it('patches properties, clears with null and stores directory extensions', () => {
    const { contoso } = aDirectory();
    contoso.updateUser(adeleId, {
      jobTitle: null,
      usageLocation: 'de',
      businessPhones: ['+1 425 555 0100'],
      [anchorProperty]: 'src:1',
      onPremisesExtensionAttributes: { extensionAttribute5: 'five' },
    });
    const user = contoso.getUser(adeleId, ['jobTitle', 'usageLocation', 'businessPhones', anchorProperty]);
    expect(user).toEqual({
      id: adeleId,
      jobTitle: null,
      usageLocation: 'DE',
      businessPhones: ['+1 425 555 0100'],
      [anchorProperty]: 'src:1',
    });
    contoso.updateUser(adeleId, { [anchorProperty]: null });
    expect(contoso.getUser(adeleId, [anchorProperty])).toEqual({ id: adeleId });
  });

  it.each([
    [{ favoriteColor: 'blue' }, "Invalid property 'favoriteColor'."],
    [
      { extension_0000_x: 'a' },
      "Property 'extension_0000_x' does not exist as a declared property or extension property.",
    ],
    [{ id: 'x' }, "Property 'id' is read-only and cannot be set."],
    [
      { createdDateTime: '2024-01-01T00:00:00Z' },
      "Property 'createdDateTime' is read-only and cannot be set.",
    ],
    [{ creationType: null }, "Property 'creationType' is read-only and cannot be set."],
    [{ externalUserState: 'Accepted' }, "Property 'externalUserState' is read-only and cannot be set."],
    [{ proxyAddresses: [] }, "Property 'proxyAddresses' is read-only and cannot be set."],
    [{ deletedDateTime: null }, "Property 'deletedDateTime' is read-only and cannot be set."],
    [{ displayName: null }, "Invalid value specified for property 'displayName' of resource 'User'."],
    [{ displayName: '  ' }, "Invalid value specified for property 'displayName' of resource 'User'."],
    [
      { displayName: 'x'.repeat(257) },
      "Invalid value specified for property 'displayName' of resource 'User'.",
    ],
    [{ givenName: 'x'.repeat(65) }, "Invalid value specified for property 'givenName' of resource 'User'."],
    [{ jobTitle: 'x'.repeat(129) }, "Invalid value specified for property 'jobTitle' of resource 'User'."],
    [{ employeeId: 'x'.repeat(17) }, "Invalid value specified for property 'employeeId' of resource 'User'."],
    [
      { businessPhones: ['1', '2'] },
      "Invalid value specified for property 'businessPhones' of resource 'User'.",
    ],
    [{ usageLocation: null }, "Invalid value specified for property 'usageLocation' of resource 'User'."],
    [{ usageLocation: 'DEU' }, "Invalid value specified for property 'usageLocation' of resource 'User'."],
    [{ userType: 'Owner' }, "Invalid value specified for property 'userType' of resource 'User'."],
    [
      { accountEnabled: 'false' },
      "Invalid value specified for property 'accountEnabled' of resource 'User'.",
    ],
    [
      { showInAddressList: 1 },
      "Invalid value specified for property 'showInAddressList' of resource 'User'.",
    ],
    [{ department: 42 }, "Invalid value specified for property 'department' of resource 'User'."],
    [{ otherMails: 'a@b.example' }, "Invalid value specified for property 'otherMails' of resource 'User'."],
    [
      { onPremisesExtensionAttributes: { extensionAttribute16: 'x' } },
      "Invalid value specified for property 'onPremisesExtensionAttributes' of resource 'User'.",
    ],
  ])('rejects %j with Request_BadRequest', (body, message) => {
    const { contoso } = aDirectory();
    const error = graphErrorOf(() => {
      contoso.updateUser(adeleId, body);
    });
    expect([error.status, error.code, error.message]).toEqual([400, 'Request_BadRequest', message]);
  });

  it('applies nothing when any property of a PATCH is invalid', () => {
    const { contoso } = aDirectory();
    graphErrorOf(() => {
      contoso.updateUser(adeleId, { department: 'Legal', usageLocation: 'nope' });
    });
    expect(contoso.getUser(adeleId, ['department'])).toMatchObject({ department: 'Sales' });
  });

  it('refuses to change synced properties of users synced from on-premises', () => {
    const { contoso } = aDirectory();
    const error = graphErrorOf(() => {
      contoso.updateUser('sync.user@contoso.com', { department: 'Legal' });
    });
    expect(error.message).toContain('on-premises mastered Directory Sync objects');
    contoso.updateUser('sync.user@contoso.com', { usageLocation: 'US' });
  });

  it('stores nothing and emits nothing for a PATCH that changes nothing', () => {
    const { contoso, directories } = aDirectory();
    const events: DirectoryChangeEvent[] = [];
    directories.onChange((event) => events.push(event));
    const before = contoso.delta({ kind: 'initial', latest: true, unsupportedOptions: [] }).deltaToken ?? '';
    contoso.updateUser(adeleId, { department: 'Sales', jobTitle: 'Account Executive', employeeType: null });
    expect(events).toEqual([]);
    expect(contoso.delta({ kind: 'deltaToken', token: before, preferMinimal: false }).value).toEqual([]);
  });

  it('answers 404 for unknown users with Graph message', () => {
    const { contoso } = aDirectory();
    for (const action of [
      () => contoso.getUser('nobody@contoso.com'),
      () => {
        contoso.updateUser('nobody@contoso.com', { jobTitle: 'x' });
      },
      () => {
        contoso.deleteUser('nobody@contoso.com');
      },
    ]) {
      const error = graphErrorOf(action);
      expect([error.status, error.code, error.message]).toEqual([
        404,
        'Request_ResourceNotFound',
        "Resource 'nobody@contoso.com' does not exist or one of its queried reference-property objects are not present.",
      ]);
    }
  });
});
