/**
 * The Graph user directory end to end against the local Graph simulator, through the real Graph client,
 * the real `ClientSecretCredential` and the simulator's fake authority.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GraphDirectoryProvider } from '../../../src/adapters/graph/graph-client-factory.js';
import type { DeltaPage, DeltaReadResult, DeltaUserChange, UserDirectory } from '../../../src/app/ports.js';
import { formatAnchor } from '../../../src/core/anchors.js';
import type { GraphSimulator } from '../../support/graph-simulator.js';
import { anchorAttribute, contoso, fabrikam, failure, startXtsyncSimulator } from './xtsync-on-simulator.js';

const adele = '10000000-0000-4000-8000-000000000001';
const alex = '10000000-0000-4000-8000-000000000002';
/** Adele of contoso is already a B2B guest in fabrikam in the default seed. */
const adeleGuestInFabrikam = '20000000-0000-4000-8000-000000000012';
const select = ['displayName', 'mail', 'userType', 'accountEnabled', 'creationType', anchorAttribute];

/** Reads pages from `start` until the round's delta link; returns every change and that link. */
async function readRound(
  directory: UserDirectory,
  first: DeltaReadResult,
): Promise<{ changes: DeltaUserChange[]; deltaLink: string; pages: number }> {
  const changes: DeltaUserChange[] = [];
  let result = first;
  for (let pages = 1; pages <= 50; pages += 1) {
    if (result.kind !== 'page') throw new Error(`unexpected resync: ${result.reason}`);
    const page: DeltaPage = result.page;
    changes.push(...page.changes);
    if (page.deltaLink !== undefined) return { changes, deltaLink: page.deltaLink, pages };
    if (page.nextLink === undefined) throw new Error('page without links');
    result = await directory.readDelta({ kind: 'link', link: page.nextLink });
  }
  throw new Error('delta round did not end');
}

describe('createGraphUserDirectory on the simulator', () => {
  let sim: GraphSimulator;
  let graph: GraphDirectoryProvider;

  beforeAll(async () => {
    const xtsync = await startXtsyncSimulator();
    sim = xtsync.sim;
    graph = xtsync.provider({
      [contoso]: xtsync.secretAuth(contoso),
      [fabrikam]: xtsync.secretAuth(fabrikam),
    });
  });
  afterAll(async () => {
    await sim.close();
  });

  it('takes an external member through invite, adopt lookups, patch, disable, delete and restore', async () => {
    const target = graph.forTenant(fabrikam);
    const anchor = formatAnchor(contoso, alex);
    sim.stats.reset();

    const { userId } = await target.inviteExternalMember({
      email: 'alex.wilber@contoso.com',
      displayName: 'Alex Wilber',
      redirectUrl: 'https://myapps.microsoft.com',
    });
    const byMail = await target.findExternalUsersByMail('Alex.Wilber@contoso.com', ['displayName']);
    expect(byMail).toEqual([{ id: userId, attributes: { displayName: 'Alex Wilber' } }]);

    await target.updateUser(userId, { [anchorAttribute]: anchor, jobTitle: 'Account Executive' });
    expect(sim.stats.snapshot().tenants.fabrikam?.totalWrites).toBe(2);
    const byAnchor = await target.findUsersByAnchor(anchor, select);
    expect(byAnchor.map((u) => u.id)).toEqual([userId]);
    expect(byAnchor[0]?.attributes).toMatchObject({
      userType: 'Member',
      creationType: 'Invitation',
      [anchorAttribute]: anchor,
    });

    await target.updateUser(userId, { accountEnabled: false });
    expect((await target.getUser(userId, ['accountEnabled']))?.attributes).toEqual({ accountEnabled: false });

    const external = await target.listExternalUsers(['displayName']);
    expect(external.items.map((u) => u.id)).toContain(userId);

    await target.deleteUser(userId);
    expect(await target.getUser(userId, ['displayName'])).toBeNull();
    await target.deleteUser(userId);
    const deleted = await target.listDeletedUsers(['displayName']);
    expect(deleted.items).toContainEqual({ id: userId, attributes: { displayName: 'Alex Wilber' } });

    expect(await target.restoreDeletedUser(userId)).toBe(true);
    expect((await target.getUser(userId, [anchorAttribute]))?.attributes[anchorAttribute]).toBe(anchor);
    expect(await target.restoreDeletedUser(userId)).toBe(false);
  });

  it('gives back the existing B2B user when the address was invited before', async () => {
    const target = graph.forTenant(fabrikam);
    const invitation = {
      email: 'adele.vance@contoso.com',
      displayName: 'Adele Vance',
      redirectUrl: 'https://myapps.microsoft.com',
    };
    expect(await target.inviteExternalMember(invitation)).toEqual({ userId: adeleGuestInFabrikam });
    const found = await target.findExternalUsersByMail('adele.vance@contoso.com', ['userType']);
    expect(found).toEqual([{ id: adeleGuestInFabrikam, attributes: { userType: 'Guest' } }]);
  });

  it('refuses to invite an address held by an internal account of the target, naming it', async () => {
    const internal = sim.directories
      .tenant('fabrikam')
      ?.listUsers({ select: ['id', 'mail'], filter: "userType eq 'Member'", consistencyLevelEventual: false })
      .value[0];
    const error = await failure(
      graph.forTenant(fabrikam).inviteExternalMember({
        email: String(internal?.mail),
        displayName: 'Someone',
        redirectUrl: 'https://myapps.microsoft.com',
      }),
    );
    expect(error.code).toBe('SYNC.TARGET_CONFLICT');
    expect(error.retryable).toBe(false);
    expect(error.message).toContain(String(internal?.id));
  });

  it('reads a full delta round across pages, then only what changed, with soft and hard deletes', async () => {
    sim.control.setKnobs({ deltaPageSize: 5 });
    const source = graph.forTenant(contoso);
    const full = await readRound(source, await source.readDelta({ kind: 'initial', select }));
    expect(full.pages).toBeGreaterThan(1);
    expect(
      full.changes.some(
        (c) =>
          c.kind === 'present' && c.user.id === adele && c.user.attributes.mail === 'adele.vance@contoso.com',
      ),
    ).toBe(true);

    const unchanged = await readRound(source, await source.readDelta({ kind: 'link', link: full.deltaLink }));
    expect(unchanged.changes).toEqual([]);

    const victims = full.changes
      .flatMap((c) => (c.kind === 'present' && c.user.id !== adele && c.user.id !== alex ? [c.user.id] : []))
      .slice(0, 2);
    const [softDeleted, hardDeleted] = victims as [string, string];
    await source.updateUser(adele, { displayName: 'Adele V.' });
    await source.deleteUser(softDeleted);
    await source.deleteUser(hardDeleted);
    sim.directories.tenant('contoso')?.purgeDeletedUser(hardDeleted);

    const next = await readRound(source, await source.readDelta({ kind: 'link', link: unchanged.deltaLink }));
    expect(next.changes).toContainEqual(
      expect.objectContaining({
        kind: 'present',
        user: expect.objectContaining({
          id: adele,
          attributes: expect.objectContaining({ displayName: 'Adele V.' }) as unknown,
        }) as unknown,
      }),
    );
    expect(next.changes).toContainEqual({ kind: 'removed', id: softDeleted, reason: 'changed' });
    expect(next.changes).toContainEqual({ kind: 'removed', id: hardDeleted, reason: 'deleted' });
    sim.control.setKnobs({ deltaPageSize: 100 });
  });

  it('starts from now with latest: no users, then only later changes', async () => {
    const source = graph.forTenant(contoso);
    const latest = await readRound(source, await source.readDelta({ kind: 'latest', select }));
    expect(latest.changes).toEqual([]);
    // Only changes to selected properties make a user show up in delta.
    await source.updateUser(adele, { jobTitle: 'Sales Lead' });
    await source.updateUser(alex, { displayName: 'Alex W.' });
    const after = await readRound(source, await source.readDelta({ kind: 'link', link: latest.deltaLink }));
    expect(after.changes.map((c) => (c.kind === 'present' ? c.user.id : c.id))).toEqual([alex]);
  });

  it.each(['gone', 'syncStateNotFound'] as const)(
    'asks for a resync when delta tokens expire (%s)',
    async (mode) => {
      const source = graph.forTenant(contoso);
      const round = await readRound(source, await source.readDelta({ kind: 'latest', select }));
      sim.control.expireDeltaTokens('contoso', mode);
      const result = await source.readDelta({ kind: 'link', link: round.deltaLink });
      expect(result.kind).toBe('resync-required');
    },
  );
});
