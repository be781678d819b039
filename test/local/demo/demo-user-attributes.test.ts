import { describe, expect, it } from 'vitest';
import { parseTopology } from '../../../src/core/topology/parse-topology.js';
import type { TopologySync } from '../../../src/core/topology/topology.js';
import { chooseMoverChange, demoUserBases } from '../../../src/local/demo/demo-user-attributes.js';
import { withSyncs } from '../../support/topology-text.js';

const syncsOf = (yaml: string): readonly TopologySync[] =>
  parseTopology(withSyncs(yaml), 'topology.yaml').topology.syncs;

const [user] = demoUserBases({ stamp: 'abc', sourceKey: 'fabrikam', companyName: 'Fabrikam', number: 2 }, [
  'fabrikam.com',
]);

describe('demoUserBases', () => {
  it('names the user uniquely per run, source and number at each domain, in order', () => {
    const bases = demoUserBases({ stamp: 'abc', sourceKey: 'contoso', companyName: 'Contoso', number: 1 }, [
      'contoso.com',
      'contoso.onmicrosoft.com',
    ]);
    expect(bases.map((base) => base.userPrincipalName)).toEqual([
      'demo-abc-contoso-1@contoso.com',
      'demo-abc-contoso-1@contoso.onmicrosoft.com',
    ]);
    expect(bases[0]).toMatchObject({ mail: 'demo-abc-contoso-1@contoso.com', companyName: 'Contoso' });
  });
});

describe('chooseMoverChange', () => {
  it('changes the job title when every sync maps it', () => {
    const syncs = syncsOf(
      `  - { id: a, from: fabrikam, to: contoso }\n  - { id: b, from: fabrikam, to: northwind }\n`,
    );
    expect(chooseMoverChange(user ?? {}, syncs)).toEqual({
      attribute: 'jobTitle',
      value: 'Demo Mover',
      visibleIn: ['a', 'b'],
    });
  });

  it('changes another mapped attribute when a sync writes the job title only on create', () => {
    const syncs = syncsOf(`  - id: a
    from: fabrikam
    to: contoso
    mappings: [{ target: jobTitle, source: jobTitle, apply: onCreate }]
  - { id: b, from: fabrikam, to: northwind }
`);
    expect(chooseMoverChange(user ?? {}, syncs)).toMatchObject({
      attribute: 'officeLocation',
      visibleIn: ['a', 'b'],
    });
  });

  it('moves the department only to a value every scope still accepts', () => {
    const syncs = syncsOf(`  - id: a
    from: fabrikam
    to: contoso
    scope: { filters: [{ clauses: [{ attribute: department, operator: in, values: [Sales, Marketing] }] }] }
    mappings:
      - { target: jobTitle, none: true }
      - { target: officeLocation, none: true }
      - { target: city, none: true }
`);
    const change = chooseMoverChange({ ...user, department: 'Sales' }, syncs);
    expect(change).toEqual({ attribute: 'department', value: 'Marketing', visibleIn: ['a'] });
  });

  it('returns null when no candidate keeps the user in scope', () => {
    const syncs = syncsOf(`  - id: a
    from: fabrikam
    to: contoso
    scope: { filters: [{ clauses: [{ attribute: jobTitle, operator: equals, value: Demo Joiner }, { attribute: officeLocation, operator: equals, value: Demo Office }, { attribute: city, operator: is-null }, { attribute: department, operator: equals, value: Demo }] }] }
`);
    expect(chooseMoverChange(user ?? {}, syncs)).toBeNull();
  });
});
