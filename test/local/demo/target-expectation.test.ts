import { describe, expect, it } from 'vitest';
import { parseTopology } from '../../../src/core/topology/parse-topology.js';
import type { TopologySync } from '../../../src/core/topology/topology.js';
import type { DirectoryUser } from '../../../src/core/user-attributes.js';
import type { DemoDirectory } from '../../../src/local/demo/demo-directory.js';
import {
  describeMismatches,
  expectTarget,
  observeTarget,
} from '../../../src/local/demo/target-expectation.js';
import { withSyncs } from '../../support/topology-text.js';

const syncs = parseTopology(
  withSyncs(`  - id: to-fabrikam
    from: contoso
    to: fabrikam
    mappings:
      - { target: displayName, template: '{givenName} {surname} (Contoso)' }
      - { target: jobTitle, source: jobTitle, apply: onCreate }
  - { id: to-northwind, from: contoso, to: northwind, removal: { mode: delete } }
`),
  'topology.yaml',
).topology.syncs;
const [toFabrikam, toNorthwind] = syncs as [TopologySync, TopologySync];
const anchor = { attribute: 'extension_app_xtsyncSourceAnchor', value: 'tenant:user' };
const source = {
  userPrincipalName: 'demo@contoso.com',
  mail: 'demo@contoso.com',
  givenName: 'Demo',
  surname: 'One',
  displayName: 'Demo One',
  jobTitle: 'Demo Joiner',
  department: 'Sales',
};

/** A directory whose anchor search returns `users` and whose deleted items hold `deleted`. */
function directoryWith(users: DirectoryUser[], deleted: string[] = []): DemoDirectory {
  const unused = (): Promise<never> => Promise.reject(new Error('not used'));
  return {
    domains: unused,
    createUser: unused,
    updateUser: unused,
    deleteUser: unused,
    restoreDeletedUser: unused,
    findByAnchor: () => Promise.resolve(users),
    isDeleted: (id) => Promise.resolve(deleted.includes(id)),
  };
}

describe('expectTarget', () => {
  it('expects an anchored, enabled, visible member with mapped and create-only values after the joiner', () => {
    const expectation = expectTarget('joiner', toFabrikam, source, anchor);
    expect(expectation).toEqual({
      kind: 'present',
      attributes: expect.objectContaining({
        displayName: 'Demo One (Contoso)',
        jobTitle: 'Demo Joiner',
        department: 'Sales',
        mail: 'demo@contoso.com',
        userType: 'Member',
        showInAddressList: true,
        accountEnabled: true,
        [anchor.attribute]: anchor.value,
      }) as unknown,
    });
  });

  it('leaves create-only attributes out after a mover', () => {
    const expectation = expectTarget('mover', toFabrikam, { ...source, jobTitle: 'Demo Mover' }, anchor);
    expect(expectation.kind === 'present' && 'jobTitle' in expectation.attributes).toBe(false);
  });

  it('expects a disabled, hidden user after a leaver in a disable sync and a deleted one in a delete sync', () => {
    expect(expectTarget('leaver', toFabrikam, source, anchor)).toEqual({
      kind: 'present',
      attributes: { accountEnabled: false, showInAddressList: false, [anchor.attribute]: anchor.value },
    });
    expect(expectTarget('leaver', toNorthwind, source, anchor)).toEqual({ kind: 'deleted' });
  });
});

describe('describeMismatches', () => {
  it('names each attribute that differs and treats every empty value alike', () => {
    expect(
      describeMismatches(
        { jobTitle: 'Old', businessPhones: [], city: null },
        { jobTitle: 'New', businessPhones: null, city: '', accountEnabled: true },
      ),
    ).toEqual(["jobTitle is 'Old', expected 'New'", 'accountEnabled is empty, expected true']);
  });
});

describe('observeTarget', () => {
  const present = { kind: 'present', attributes: { accountEnabled: true } } as const;

  it('converges on the one anchored user that shows the expected values', async () => {
    const directory = directoryWith([{ id: 't1', attributes: { accountEnabled: true } }]);
    expect(await observeTarget(directory, present, anchor, null)).toEqual({
      converged: true,
      targetUserId: 't1',
    });
  });

  it('says what is still wrong, and that two anchored users are one too many', async () => {
    expect(
      await observeTarget(
        directoryWith([{ id: 't1', attributes: { accountEnabled: false } }]),
        present,
        anchor,
        null,
      ),
    ).toEqual({ converged: false, detail: 'target user t1: accountEnabled is false, expected true' });
    const twice = await observeTarget(
      directoryWith([
        { id: 't1', attributes: {} },
        { id: 't2', attributes: {} },
      ]),
      present,
      anchor,
      null,
    );
    expect(twice).toMatchObject({
      converged: false,
      detail: expect.stringContaining('2 users carry anchor') as unknown,
    });
  });

  it('converges on a deletion only when the known target user is in deleted items', async () => {
    const deleted = { kind: 'deleted' } as const;
    expect(await observeTarget(directoryWith([], ['t1']), deleted, anchor, 't1')).toEqual({
      converged: true,
      targetUserId: 't1',
    });
    expect(
      await observeTarget(directoryWith([{ id: 't1', attributes: {} }], ['t1']), deleted, anchor, 't1'),
    ).toEqual({
      converged: false,
      detail: 'target user t1 is still active',
    });
  });
});
