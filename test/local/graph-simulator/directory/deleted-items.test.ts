import { describe, expect, it } from 'vitest';
import type { DirectoryChangeEvent } from '../../../../src/local/graph-simulator/directory/contract.js';
import { aDirectory, aNewUser, adeleId, dayMs, graphErrorOf, idsOf, startMs } from './directory-fixture.js';

const plain = { consistencyLevelEventual: false };

describe('TenantDirectory deleted items', () => {
  it('soft-deletes a user into deleted items with deletedDateTime', () => {
    const { contoso, clock } = aDirectory();
    clock.advance(60_000);
    contoso.deleteUser('adele.vance@contoso.com');
    expect(graphErrorOf(() => contoso.getUser(adeleId)).status).toBe(404);
    expect(idsOf(contoso.listUsers(plain).value)).not.toContain(adeleId);
    expect(contoso.userCount()).toBe(2);
    const [deleted] = contoso.listDeletedUsers(plain).value;
    expect(deleted).toMatchObject({
      id: adeleId,
      displayName: 'Adele Vance',
      deletedDateTime: '2025-01-01T00:01:00Z',
    });
  });

  it('applies the list query rules to deleted items', () => {
    const { contoso } = aDirectory();
    contoso.deleteUser(adeleId);
    contoso.deleteUser('megan.bowen@contoso.com');
    const page = contoso.listDeletedUsers({ ...plain, top: 1, select: ['displayName'] });
    expect(page.value).toEqual([{ id: adeleId, displayName: 'Adele Vance' }]);
    const next = contoso.listDeletedUsers({ ...plain, skipToken: page.nextSkipToken });
    expect(next.value.map((u) => u.displayName)).toEqual(['Megan Bowen']);
    expect(graphErrorOf(() => contoso.listDeletedUsers({ ...plain, top: 1000 })).status).toBe(400);
    expect(graphErrorOf(() => contoso.listDeletedUsers({ ...plain, orderBy: 'deletedDateTime' })).code).toBe(
      'Request_UnsupportedQuery',
    );
  });

  it('restores a deleted user with its properties and @odata.type', () => {
    const { contoso } = aDirectory();
    contoso.deleteUser(adeleId);
    const restored = contoso.restoreDeletedUser(adeleId);
    expect(restored).toMatchObject({
      '@odata.type': '#microsoft.graph.user',
      id: adeleId,
      displayName: 'Adele Vance',
    });
    expect(contoso.getUser(adeleId, ['department', 'deletedDateTime'])).toEqual({
      id: adeleId,
      department: 'Sales',
      deletedDateTime: null,
    });
    expect(contoso.listDeletedUsers(plain).value).toEqual([]);
  });

  it('refuses to restore a user whose UPN was taken meanwhile', () => {
    const { contoso } = aDirectory();
    contoso.deleteUser(adeleId);
    contoso.createUser(aNewUser({ userPrincipalName: 'adele.vance@contoso.com' }));
    expect(graphErrorOf(() => contoso.restoreDeletedUser(adeleId)).code).toBe(
      'Request_MultipleObjectsWithSameKeyValue',
    );
  });

  it('answers 404 for unknown deleted items', () => {
    const { contoso } = aDirectory();
    expect(graphErrorOf(() => contoso.restoreDeletedUser(adeleId)).code).toBe('Request_ResourceNotFound');
    expect(
      graphErrorOf(() => {
        contoso.purgeDeletedUser(adeleId);
      }).code,
    ).toBe('Request_ResourceNotFound');
  });

  it('purges a deleted item permanently on request', () => {
    const { contoso, directories } = aDirectory();
    const events: DirectoryChangeEvent[] = [];
    directories.onChange((event) => events.push(event));
    contoso.deleteUser(adeleId);
    contoso.purgeDeletedUser(adeleId);
    expect(contoso.listDeletedUsers(plain).value).toEqual([]);
    expect(graphErrorOf(() => contoso.restoreDeletedUser(adeleId)).status).toBe(404);
    expect(events.map((e) => e.changeType)).toEqual(['updated', 'deleted']);
  });

  it('purges deleted items after 30 days and reports the permanent deletion', () => {
    const { contoso, clock, directories } = aDirectory();
    const events: DirectoryChangeEvent[] = [];
    contoso.deleteUser(adeleId);
    clock.advance(dayMs);
    contoso.deleteUser('megan.bowen@contoso.com');
    directories.onChange((event) => events.push(event));
    clock.advance(29 * dayMs);
    expect(contoso.listDeletedUsers(plain).value.map((u) => u.displayName)).toEqual(['Megan Bowen']);
    expect(events).toEqual([
      { tenantId: contoso.tenantId, userId: adeleId, changeType: 'deleted', at: startMs + 30 * dayMs },
    ]);
    expect(graphErrorOf(() => contoso.restoreDeletedUser(adeleId)).status).toBe(404);
    clock.advance(dayMs);
    expect(contoso.listDeletedUsers(plain).value).toEqual([]);
  });

  it('makes delta report a user purged after 30 days as permanently deleted', () => {
    const { contoso, clock } = aDirectory();
    const round = contoso.delta({
      kind: 'initial',
      latest: false,
      unsupportedOptions: [],
      select: ['displayName'],
    });
    contoso.deleteUser(adeleId);
    const afterDelete = contoso.delta({
      kind: 'deltaToken',
      token: round.deltaToken ?? '',
      preferMinimal: false,
    });
    expect(afterDelete.value).toEqual([{ id: adeleId, '@removed': { reason: 'changed' } }]);
    // Poll every 6 days, as a sync engine must to keep its 7-day delta token alive.
    let token = afterDelete.deltaToken ?? '';
    for (let day = 6; day <= 30; day += 6) {
      clock.advance(6 * dayMs);
      const page = contoso.delta({ kind: 'deltaToken', token, preferMinimal: false });
      token = page.deltaToken ?? '';
      expect(page.value).toEqual(day === 30 ? [{ id: adeleId, '@removed': { reason: 'deleted' } }] : []);
    }
  });
});
