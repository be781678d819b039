import { describe, expect, it } from 'vitest';
import { parseTopology } from '../../../src/core/topology/parse-topology.js';
import { issuesOf, lineWith, onlyIssueOf, topologyHeader, withSyncs } from '../../support/topology-text.js';

describe('resolveTopology (through parseTopology)', () => {
  it('reports an unknown tenant and lists the known keys', () => {
    const text = withSyncs('  - id: contoso-to-tailspin\n    from: contoso\n    to: tailspin # here\n');
    expect(onlyIssueOf(text)).toEqual({
      line: lineWith(text, '# here'),
      column: 9,
      path: 'syncs[0].to',
      message: "unknown tenant 'tailspin'; known tenants: contoso, fabrikam, northwind, woodgrove",
    });
  });

  it('reports an unknown source tenant', () => {
    const text = withSyncs('  - id: a\n    from: tailspin # here\n    to: contoso\n');
    expect(onlyIssueOf(text)).toMatchObject({ line: lineWith(text, '# here'), path: 'syncs[0].from' });
  });

  it('reports a sync from a tenant to itself', () => {
    const text = withSyncs('  - id: loop\n    from: contoso\n    to: contoso # here\n');
    expect(onlyIssueOf(text)).toMatchObject({
      line: lineWith(text, '# here'),
      path: 'syncs[0].to',
      message: "a sync can't go from a tenant to itself ('contoso')",
    });
  });

  it('reports a duplicate tenant key with the line of the first one', () => {
    const text = topologyHeader.replace(
      '  - key: woodgrove\n    tenantId: 44444444-4444-4444-8444-444444444444\n',
      '  - key: fabrikam # here\n    tenantId: 44444444-4444-4444-8444-444444444444\n',
    );
    expect(onlyIssueOf(text)).toMatchObject({
      line: lineWith(text, '# here'),
      path: 'tenants[3].key',
      message: `duplicate tenant key 'fabrikam' (first defined at line ${lineWith(text, 'key: fabrikam')})`,
    });
  });

  it('reports a duplicate tenant id, in any case', () => {
    const text = topologyHeader.replace(
      '44444444-4444-4444-8444-444444444444',
      '11111111-1111-4111-8111-111111111111 # here',
    );
    expect(onlyIssueOf(text)).toMatchObject({
      line: lineWith(text, '# here'),
      path: 'tenants[3].tenantId',
      message: `tenant id 11111111-1111-4111-8111-111111111111 is already used by tenant 'contoso' (line ${lineWith(text, 'key: contoso')})`,
    });
  });

  it('reports a duplicate sync id', () => {
    const text = withSyncs(
      '  - { id: hub, from: contoso, to: fabrikam }\n  - { id: hub, from: contoso, to: northwind } # here\n',
    );
    expect(onlyIssueOf(text)).toMatchObject({
      line: lineWith(text, '# here'),
      path: 'syncs[1].id',
      message: `duplicate sync id 'hub' (first defined at line ${lineWith(text, 'to: fabrikam }')})`,
    });
  });

  it('reports two syncs for the same pair of tenants', () => {
    const text = withSyncs(
      '  - { id: sales, from: contoso, to: fabrikam }\n  - { id: marketing, from: contoso, to: fabrikam } # here\n',
    );
    expect(onlyIssueOf(text)).toMatchObject({
      line: lineWith(text, '# here'),
      path: 'syncs[1]',
      message: `contoso → fabrikam is already synced by 'sales' (line ${lineWith(text, 'id: sales')}); merge their scopes into one sync`,
    });
  });

  it('accepts both directions between two tenants', () => {
    const text = withSyncs(
      '  - { id: a, from: contoso, to: fabrikam }\n  - { id: b, from: fabrikam, to: contoso }\n',
    );
    expect(parseTopology(text, 'x').topology.syncs.map((sync) => sync.id)).toEqual(['a', 'b']);
  });

  it('reports a tenant without auth when there is no default auth', () => {
    const text = topologyHeader
      .replace(/defaults:\n {2}auth:\n( {4}.*\n){3}/, '')
      .replace(
        '  - key: contoso\n    tenantId: 11111111-1111-4111-8111-111111111111\n',
        '  - key: contoso # here\n    tenantId: 11111111-1111-4111-8111-111111111111\n    auth: { type: client-secret, clientId: aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa, secretSetting: S }\n',
      );
    const issues = issuesOf(text);
    expect(issues.map((issue) => issue.message)).toEqual([
      "tenant 'fabrikam' has no auth, and there is no defaults.auth to fall back on",
      "tenant 'northwind' has no auth, and there is no defaults.auth to fall back on",
      "tenant 'woodgrove' has no auth, and there is no defaults.auth to fall back on",
    ]);
    expect(issues[0]).toMatchObject({ path: 'tenants[1]', line: lineWith(text, 'key: fabrikam') });
  });

  it('does not call a tenant unknown when only its auth is missing', () => {
    const text = withSyncs('  - { id: a, from: contoso, to: fabrikam }\n').replace(
      /defaults:\n {2}auth:\n( {4}.*\n){3}/,
      '',
    );
    expect(issuesOf(text).every((issue) => issue.message.includes('has no auth'))).toBe(true);
  });
});
