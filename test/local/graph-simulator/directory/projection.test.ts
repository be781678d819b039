import { describe, expect, it } from 'vitest';
import {
  compileProjection,
  projectUser,
} from '../../../../src/local/graph-simulator/directory/projection.js';
import type { UserValues } from '../../../../src/local/graph-simulator/directory/user-record.js';
import { createUserSchema } from '../../../../src/local/graph-simulator/directory/user-properties.js';
import { anchorProperty, graphErrorOf } from './directory-fixture.js';

const schema = createUserSchema([anchorProperty]);
const values: UserValues = {
  id: 'u1',
  displayName: 'Adele Vance',
  jobTitle: null,
  otherMails: ['a@b.example'],
  onPremisesExtensionAttributes: { extensionAttribute2: 'x' },
};

describe('projectUser', () => {
  it('always includes id and uses canonical names for case-insensitive $select', () => {
    const projection = compileProjection(['DISPLAYNAME', 'accountenabled'], schema);
    expect(projectUser(values, projection, 'resource')).toEqual({
      id: 'u1',
      displayName: 'Adele Vance',
      accountEnabled: null,
    });
  });

  it('renders collections as [] and extension attributes as all fifteen keys', () => {
    const projection = compileProjection(['businessPhones', 'onPremisesExtensionAttributes'], schema);
    const result = projectUser(values, projection, 'resource');
    expect(result.businessPhones).toEqual([]);
    expect(result.onPremisesExtensionAttributes).toMatchObject({
      extensionAttribute1: null,
      extensionAttribute2: 'x',
    });
    expect(Object.keys(result.onPremisesExtensionAttributes as object)).toHaveLength(15);
  });

  it('returns a directory extension only when selected and set', () => {
    const unset = projectUser(values, compileProjection([anchorProperty], schema), 'resource');
    expect(unset).toEqual({ id: 'u1' });
    const set = projectUser(
      { ...values, [anchorProperty]: 't:u' },
      compileProjection([anchorProperty], schema),
      'resource',
    );
    expect(set[anchorProperty]).toBe('t:u');
    expect(
      projectUser({ ...values, [anchorProperty]: 't:u' }, compileProjection(undefined, schema), 'resource'),
    ).not.toHaveProperty(anchorProperty);
  });

  it('omits never-set scalars in delta style but keeps cleared ones as null', () => {
    const projection = compileProjection(['jobTitle', 'department', 'otherMails'], schema);
    expect(projectUser(values, projection, 'delta')).toEqual({
      id: 'u1',
      jobTitle: null,
      otherMails: ['a@b.example'],
    });
  });

  it('never returns a password profile', () => {
    const projection = compileProjection(['passwordProfile'], schema);
    expect(
      projectUser({ ...values, passwordProfile: { password: 'secret' } }, projection, 'resource')
        .passwordProfile,
    ).toBeNull();
  });

  it('returns copies that cannot change the stored user', () => {
    const result = projectUser(values, compileProjection(['otherMails'], schema), 'resource');
    (result.otherMails as string[]).push('changed@example.com');
    expect(values.otherMails).toEqual(['a@b.example']);
  });

  it.each(['favoriteColor', 'extension_0000_unknown'])('rejects $select=%s', (name) => {
    const error = graphErrorOf(() => compileProjection(['displayName', name], schema));
    expect(error.status).toBe(400);
    expect(error.code).toBe('Request_BadRequest');
    expect(error.message).toBe(`Could not find a property named '${name}' on type 'microsoft.graph.user'.`);
  });
});
