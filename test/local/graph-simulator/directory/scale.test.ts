import { describe, expect, it } from 'vitest';
import type {
  DeltaResult,
  ListUsersResult,
} from '../../../../src/local/graph-simulator/directory/contract.js';
import { aDirectory, idsOf } from './directory-fixture.js';

const userCount = 100_000;

describe('directory engine at 100,000 users', () => {
  it('generates the users and serves the first and a middle page of list and delta', () => {
    const { contoso, directories } = aDirectory();
    const before = contoso.delta({ kind: 'initial', latest: true, unsupportedOptions: [] }).deltaToken ?? '';
    directories.generateUsers('contoso', userCount);
    expect(contoso.userCount()).toBe(userCount + 3);

    const plain = { consistencyLevelEventual: false, top: 999 };
    let list: ListUsersResult = contoso.listUsers(plain);
    expect(list.value).toHaveLength(999);
    const seen = new Set(idsOf(list.value));
    for (let page = 1; page <= 50; page++) {
      list = contoso.listUsers({ ...plain, skipToken: list.nextSkipToken });
      for (const id of idsOf(list.value)) seen.add(id);
    }
    expect(list.value).toHaveLength(999);
    expect(seen.size).toBe(51 * 999);

    const middle = idsOf(list.value)[500] ?? '';
    const byMail = contoso.listUsers({
      consistencyLevelEventual: false,
      filter: `mail eq '${String(contoso.getUser(middle).mail)}'`,
    });
    expect(idsOf(byMail.value)).toEqual([middle]);

    let delta: DeltaResult = contoso.delta({
      kind: 'initial',
      latest: false,
      unsupportedOptions: [],
      select: ['displayName'],
    });
    expect(delta.value).toHaveLength(100);
    for (let page = 1; page <= 500; page++) {
      delta = contoso.delta({ kind: 'skipToken', token: delta.nextSkipToken ?? '', preferMinimal: false });
    }
    expect(delta.value).toHaveLength(100);
    expect(delta.nextSkipToken).toBeDefined();

    const changes = contoso.delta({ kind: 'deltaToken', token: before, preferMinimal: true });
    expect(changes.value).toHaveLength(100);
    expect(changes.nextSkipToken).toBeDefined();
  });
});
