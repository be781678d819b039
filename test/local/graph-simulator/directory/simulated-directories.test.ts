import { describe, expect, it } from 'vitest';
import type { DirectoryChangeEvent } from '../../../../src/local/graph-simulator/directory/contract.js';
import { createSimulatedDirectories } from '../../../../src/local/graph-simulator/directory/simulated-directories.js';
import { createSimulatorClock } from '../../../../src/local/graph-simulator/directory/simulator-clock.js';
import {
  aDirectory,
  aNewUser,
  aSeed,
  adeleId,
  anchorProperty,
  contosoTenantId,
  graphErrorOf,
  startMs,
} from './directory-fixture.js';

const plain = { consistencyLevelEventual: false };

describe('createSimulatedDirectories', () => {
  it('finds tenants by id or key', () => {
    const { directories } = aDirectory();
    expect(directories.tenants().map((t) => t.key)).toEqual(['contoso', 'fabrikam']);
    expect(directories.tenant(contosoTenantId.toUpperCase())?.key).toBe('contoso');
    expect(directories.tenant('nowhere')).toBeUndefined();
  });

  it('seeds users with generated ids and Graph defaults', () => {
    const { contoso } = aDirectory();
    const megan = contoso.getUser('megan.bowen@contoso.com', [
      'userType',
      'accountEnabled',
      'createdDateTime',
    ]);
    expect(megan).toEqual({
      id: expect.stringMatching(
        /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
      ) as unknown,
      userType: 'Member',
      accountEnabled: false,
      createdDateTime: '2025-01-01T00:00:00Z',
    });
    expect(contoso.userCount()).toBe(3);
  });

  it('names the tenant and the user of an invalid seed user', () => {
    const seed = aSeed({
      users: [{ userPrincipalName: 'bad@contoso.com', displayName: 'Bad', jobTitle: 7 }],
    });
    expect(() => createSimulatedDirectories(seed)).toThrow(
      "Invalid seed tenant 'contoso', user 'bad@contoso.com': Invalid value specified for property 'jobTitle' of resource 'User'.",
    );
  });

  it('knows directory extensions only where the app has a service principal', () => {
    const seed = aSeed({ servicePrincipals: [] });
    const directories = createSimulatedDirectories(seed, { clock: createSimulatorClock(startMs) });
    const contoso = directories.tenant('contoso');
    expect(graphErrorOf(() => contoso?.getUser(adeleId, [anchorProperty])).code).toBe('Request_BadRequest');
    expect(directories.tenant('fabrikam')?.listUsers({ ...plain, select: [anchorProperty] }).value).toEqual(
      [],
    );
  });

  it('emits change events at write time, before the replication lag', () => {
    const { contoso, directories, clock } = aDirectory({ knobs: { replicationLagMs: 60_000 } });
    const events: DirectoryChangeEvent[] = [];
    const unsubscribe = directories.onChange((event) => events.push(event));
    clock.advance(1_000);
    const created = contoso.createUser(aNewUser());
    contoso.updateUser(adeleId, { jobTitle: 'Director' });
    contoso.deleteUser(adeleId);
    contoso.restoreDeletedUser(adeleId);
    contoso.deleteUser(adeleId);
    contoso.purgeDeletedUser(adeleId);
    unsubscribe();
    contoso.updateUser(String(created.id), { jobTitle: 'Ignored' });
    const at = startMs + 1_000;
    expect(events).toEqual([
      { tenantId: contosoTenantId, userId: created.id, changeType: 'updated', at },
      ...['updated', 'updated', 'updated', 'updated', 'deleted'].map((changeType) => ({
        tenantId: contosoTenantId,
        userId: adeleId,
        changeType,
        at,
      })),
    ]);
  });

  it('reports invitations as updated events', () => {
    const { fabrikam, directories } = aDirectory();
    const events: DirectoryChangeEvent[] = [];
    directories.onChange((event) => events.push(event));
    fabrikam.invite({
      invitedUserEmailAddress: 'x@partner.example',
      inviteRedirectUrl: 'https://myapps.microsoft.com',
    });
    expect(events.map((e) => [e.tenantId, e.changeType])).toEqual([[fabrikam.tenantId, 'updated']]);
  });

  it('keeps a write when a listener throws', async () => {
    const { contoso, directories } = aDirectory();
    directories.onChange(() => {
      throw new Error('listener failed');
    });
    const thrown = new Promise<unknown>((resolve) => process.once('uncaughtException', resolve));
    contoso.updateUser(adeleId, { jobTitle: 'Director' });
    expect(contoso.getUser(adeleId).jobTitle).toBe('Director');
    expect(await thrown).toMatchObject({ message: 'listener failed' });
  });

  it('generates deterministic, realistic internal members', () => {
    const first = aDirectory();
    const second = aDirectory();
    first.directories.generateUsers('contoso', 5);
    second.directories.generateUsers(contosoTenantId, 5);
    const select = [
      'displayName',
      'userPrincipalName',
      'mail',
      'department',
      'jobTitle',
      'companyName',
      'employeeId',
    ];
    const users = first.contoso.listUsers({ ...plain, select }).value.slice(3);
    expect(second.contoso.listUsers({ ...plain, select }).value.slice(3)).toEqual(users);
    expect(users[0]).toEqual({
      id: expect.any(String) as unknown,
      displayName: expect.stringMatching(/^\w+ \w+$/) as unknown,
      userPrincipalName: expect.stringMatching(/^[a-z]+\.[a-z]+\.1@contoso\.com$/) as unknown,
      mail: expect.stringMatching(/@contoso\.com$/) as unknown,
      department: expect.any(String) as unknown,
      jobTitle: expect.any(String) as unknown,
      companyName: 'Contoso',
      employeeId: 'E0000001',
    });
    first.directories.generateUsers('contoso', 2);
    expect(first.contoso.userCount()).toBe(10);
  });

  it('refuses to generate users for an unknown tenant or a bad count', () => {
    const { directories } = aDirectory();
    expect(
      graphErrorOf(() => {
        directories.generateUsers('nowhere', 1);
      }).status,
    ).toBe(404);
    expect(
      graphErrorOf(() => {
        directories.generateUsers('contoso', -1);
      }).status,
    ).toBe(400);
  });

  it('adds the seed tenant’s synthetic users at start', () => {
    const { contoso } = aDirectory({ seed: aSeed({ syntheticUsers: 25 }) });
    expect(contoso.userCount()).toBe(28);
  });
});

describe('createSimulatorClock', () => {
  it('moves only forward', () => {
    const clock = createSimulatorClock(1_000);
    clock.advance(500);
    expect(clock.now()).toBe(1_500);
    expect(() => {
      clock.advance(-1);
    }).toThrow('only moves forward');
  });
});
