import { describe, expect, it } from 'vitest';
import type {
  DeltaRequest,
  GraphObject,
  TenantDirectory,
} from '../../../../src/local/graph-simulator/directory/contract.js';
import { aDirectory, aNewUser, adeleId, anchorProperty, graphErrorOf, idsOf } from './directory-fixture.js';

const initial = (options: Partial<Extract<DeltaRequest, { kind: 'initial' }>> = {}): DeltaRequest => ({
  kind: 'initial',
  latest: false,
  unsupportedOptions: [],
  ...options,
});

/** Follows skip tokens to the end of a round; returns every item, the page count and the delta token. */
function runRound(tenant: TenantDirectory, request: DeltaRequest, preferMinimal = false) {
  const items: GraphObject[] = [];
  let pages = 0;
  let result = tenant.delta(request);
  for (;;) {
    pages += 1;
    items.push(...result.value);
    if (result.nextSkipToken === undefined) break;
    result = tenant.delta({ kind: 'skipToken', token: result.nextSkipToken, preferMinimal });
  }
  expect(result.deltaToken).toMatch(/^[A-Za-z0-9_-]+$/);
  return { items, pages, deltaToken: result.deltaToken ?? '' };
}

function next(tenant: TenantDirectory, deltaToken: string, preferMinimal = false) {
  return runRound(tenant, { kind: 'deltaToken', token: deltaToken, preferMinimal }, preferMinimal);
}

describe('TenantDirectory.delta', () => {
  it('pages an initial round through every user and ends with a delta token', () => {
    const { contoso, directories } = aDirectory({ knobs: { deltaPageSize: 4 } });
    directories.generateUsers('contoso', 10);
    const first = contoso.delta(initial({ select: ['displayName', 'userType'] }));
    expect(first.value).toHaveLength(4);
    expect(first.deltaToken).toBeUndefined();
    const round = runRound(contoso, initial({ select: ['displayName', 'userType'] }));
    expect(round.pages).toBe(4);
    expect(new Set(idsOf(round.items)).size).toBe(13);
    expect(round.items.find((u) => u.id === adeleId)).toEqual({
      id: adeleId,
      displayName: 'Adele Vance',
      userType: 'Member',
    });
  });

  it('reports soft-deleted users as removed in the initial round', () => {
    const { contoso } = aDirectory();
    contoso.deleteUser(adeleId);
    const round = runRound(contoso, initial());
    expect(round.items).toContainEqual({ id: adeleId, '@removed': { reason: 'changed' } });
  });

  it('returns only users changed since the token, with all selected properties', () => {
    const { contoso } = aDirectory();
    const { deltaToken } = runRound(contoso, initial({ select: ['displayName', 'department', 'jobTitle'] }));
    expect(next(contoso, deltaToken).items).toEqual([]);
    contoso.updateUser(adeleId, { department: 'Legal' });
    const created = contoso.createUser(aNewUser());
    const round = next(contoso, deltaToken);
    expect(round.items).toEqual([
      { id: adeleId, displayName: 'Adele Vance', department: 'Legal', jobTitle: 'Account Executive' },
      { id: created.id, displayName: 'Nestor Wilke' },
    ]);
    expect(next(contoso, round.deltaToken).items).toEqual([]);
  });

  it('returns only the changed properties with return=minimal, null for cleared ones', () => {
    const { contoso } = aDirectory();
    const { deltaToken } = runRound(contoso, initial({ select: ['displayName', 'department', 'jobTitle'] }));
    contoso.updateUser(adeleId, { department: 'Legal', jobTitle: null });
    expect(next(contoso, deltaToken, true).items).toEqual([
      { id: adeleId, department: 'Legal', jobTitle: null },
    ]);
  });

  it('shows a user only for changes to selected properties', () => {
    const { contoso } = aDirectory();
    const { deltaToken } = runRound(contoso, initial({ select: ['displayName', anchorProperty] }));
    contoso.updateUser(adeleId, { department: 'Legal', jobTitle: 'Counsel' });
    expect(next(contoso, deltaToken).items).toEqual([]);
    contoso.updateUser(adeleId, { [anchorProperty]: 'src:1' });
    expect(next(contoso, deltaToken, true).items).toEqual([{ id: adeleId, [anchorProperty]: 'src:1' }]);
  });

  it('reports soft deletion as changed, permanent deletion as deleted, and restore as the object again', () => {
    const { contoso } = aDirectory();
    let { deltaToken } = runRound(contoso, initial({ select: ['displayName'] }));
    contoso.deleteUser(adeleId);
    let round = next(contoso, deltaToken);
    expect(round.items).toEqual([{ id: adeleId, '@removed': { reason: 'changed' } }]);
    contoso.restoreDeletedUser(adeleId);
    round = next(contoso, round.deltaToken, true);
    expect(round.items).toEqual([{ id: adeleId, displayName: 'Adele Vance' }]);
    deltaToken = round.deltaToken;
    contoso.deleteUser(adeleId);
    contoso.purgeDeletedUser(adeleId);
    expect(next(contoso, deltaToken).items).toEqual([{ id: adeleId, '@removed': { reason: 'deleted' } }]);
  });

  it('limits a round to the ids of an id filter', () => {
    const { contoso } = aDirectory();
    const megan = String(contoso.getUser('megan.bowen@contoso.com').id);
    const filter = `id eq '${adeleId}' or id eq '${megan.toUpperCase()}' or id eq '00000000-0000-4000-8000-000000000000'`;
    const round = runRound(contoso, initial({ filter, select: ['displayName'] }));
    expect(idsOf(round.items).sort()).toEqual([adeleId, megan].sort());
    contoso.updateUser('sync.user@contoso.com', { usageLocation: 'US' });
    contoso.updateUser(megan, { displayName: 'Megan B.' });
    expect(next(contoso, round.deltaToken).items).toEqual([{ id: megan, displayName: 'Megan B.' }]);
  });

  it('rejects filters other than up to 50 id clauses', () => {
    const { contoso } = aDirectory();
    const ids = Array.from(
      { length: 51 },
      (_, i) => `id eq '00000000-0000-4000-8000-${String(i).padStart(12, '0')}'`,
    );
    for (const filter of ["userType eq 'Member'", `id eq '${adeleId}' and id eq 'x'`, ids.join(' or ')]) {
      const error = graphErrorOf(() => contoso.delta(initial({ filter })));
      expect([error.status, error.code]).toEqual([400, 'Request_UnsupportedQuery']);
    }
    expect(runRound(contoso, initial({ filter: ids.slice(0, 50).join(' or ') })).items).toEqual([]);
  });

  it('rejects $top, $orderby, $expand and $search', () => {
    const error = graphErrorOf(() => aDirectory().contoso.delta(initial({ unsupportedOptions: ['$top'] })));
    expect([error.status, error.code]).toEqual([400, 'Request_UnsupportedQuery']);
    expect(error.message).toContain('$top');
  });

  it('rejects an unknown property in $select', () => {
    const error = graphErrorOf(() => aDirectory().contoso.delta(initial({ select: ['favoriteColor'] })));
    expect(error.code).toBe('Request_BadRequest');
  });

  it('starts from now with $deltatoken=latest', () => {
    const { contoso } = aDirectory();
    const latest = contoso.delta(initial({ latest: true, select: ['displayName'] }));
    expect(latest.value).toEqual([]);
    expect(latest.nextSkipToken).toBeUndefined();
    expect(next(contoso, latest.deltaToken ?? '').items).toEqual([]);
    contoso.updateUser(adeleId, { displayName: 'Adele V.' });
    expect(next(contoso, latest.deltaToken ?? '').items).toEqual([{ id: adeleId, displayName: 'Adele V.' }]);
  });

  it('pages a change round and keeps every changed user', () => {
    const { contoso, directories } = aDirectory({ knobs: { deltaPageSize: 3 } });
    const { deltaToken } = runRound(contoso, initial({ select: ['displayName'] }));
    directories.generateUsers('contoso', 8);
    const round = next(contoso, deltaToken);
    expect(round.pages).toBe(3);
    expect(new Set(idsOf(round.items)).size).toBe(8);
  });

  it('hides a change until the replication lag has passed', () => {
    const { contoso, clock } = aDirectory({ knobs: { replicationLagMs: 5_000 } });
    const { deltaToken } = runRound(contoso, initial({ select: ['department'] }));
    contoso.updateUser(adeleId, { department: 'Legal' });
    clock.advance(4_999);
    const early = next(contoso, deltaToken);
    expect(early.items).toEqual([]);
    clock.advance(1);
    expect(next(contoso, early.deltaToken).items).toEqual([{ id: adeleId, department: 'Legal' }]);
    expect(next(contoso, deltaToken).items).toEqual([{ id: adeleId, department: 'Legal' }]);
  });

  it('keeps a user created within the lag out of the initial round and reports it in the next', () => {
    const { contoso, clock } = aDirectory({ knobs: { replicationLagMs: 1_000 } });
    const created = contoso.createUser(aNewUser());
    const round = runRound(contoso, initial());
    expect(idsOf(round.items)).not.toContain(created.id);
    clock.advance(1_000);
    expect(idsOf(next(contoso, round.deltaToken).items)).toEqual([created.id]);
  });

  it('answers 410 resyncRequired after expireDeltaTokens(gone), whose Location starts a new round', () => {
    const { contoso } = aDirectory({ knobs: { deltaPageSize: 1 } });
    const { deltaToken } = runRound(contoso, initial());
    const skipToken = contoso.delta(initial()).nextSkipToken ?? '';
    contoso.expireDeltaTokens('gone');
    for (const request of [
      { kind: 'deltaToken', token: deltaToken, preferMinimal: false },
      { kind: 'skipToken', token: skipToken, preferMinimal: false },
    ] as const) {
      const error = graphErrorOf(() => contoso.delta(request));
      expect([error.status, error.code, error.headers]).toEqual([
        410,
        'resyncRequired',
        { Location: '/users/delta?$deltatoken=' },
      ]);
    }
    const restart = runRound(contoso, { kind: 'deltaToken', token: '', preferMinimal: false });
    expect(restart.items).toHaveLength(3);
    expect(next(contoso, restart.deltaToken).items).toEqual([]);
  });

  it('answers 400 syncStateNotFound after expireDeltaTokens(syncStateNotFound), and keeps new tokens valid', () => {
    const { contoso } = aDirectory();
    const old = runRound(contoso, initial()).deltaToken;
    contoso.expireDeltaTokens('syncStateNotFound');
    const fresh = runRound(contoso, initial()).deltaToken;
    const error = graphErrorOf(() => next(contoso, old));
    expect([error.status, error.code]).toEqual([400, 'syncStateNotFound']);
    expect(next(contoso, fresh).items).toEqual([]);
  });

  it('expires tokens after 7 days', () => {
    const { contoso, clock } = aDirectory();
    const { deltaToken } = runRound(contoso, initial());
    clock.advance(7 * 24 * 60 * 60 * 1000);
    const renewed = next(contoso, deltaToken).deltaToken;
    clock.advance(1);
    expect(graphErrorOf(() => next(contoso, deltaToken)).code).toBe('syncStateNotFound');
    expect(next(contoso, renewed).items).toEqual([]);
  });

  it('rejects a token of another tenant and malformed tokens', () => {
    const { contoso, fabrikam } = aDirectory();
    const { deltaToken } = runRound(fabrikam, initial());
    const foreign = graphErrorOf(() => next(contoso, deltaToken));
    expect([foreign.status, foreign.code]).toEqual([400, 'BadRequest']);
    for (const token of ['garbage', 'eyJ2IjoxfQ', 'a.b']) {
      const error = graphErrorOf(() => contoso.delta({ kind: 'deltaToken', token, preferMinimal: false }));
      expect([error.status, error.code]).toEqual([400, 'BadRequest']);
    }
    const asSkip = graphErrorOf(() =>
      contoso.delta({ kind: 'skipToken', token: deltaToken, preferMinimal: false }),
    );
    expect(asSkip.code).toBe('BadRequest');
  });
});
