import { describe, expect, it } from 'vitest';
import { deriveBicepParameters, targetsOf } from '../../src/cli/bicep-parameters.js';
import { CliError } from '../../src/cli/cli-error.js';
import { parseTopology } from '../../src/core/topology/parse-topology.js';
import { topologyHeader, withSyncs } from '../support/topology-text.js';

const hub = parseTopology(
  withSyncs(`  - { id: w-to-n, from: woodgrove, to: northwind }
  - { id: w-to-c, from: woodgrove, to: contoso }
  - { id: f-to-c, from: fabrikam, to: contoso }
`),
  'hub.yaml',
).topology;

describe('deriveBicepParameters', () => {
  it('makes every sync target a target once, sorted by key', () => {
    expect(targetsOf(hub)).toEqual([
      { key: 'contoso', tenantId: '11111111-1111-4111-8111-111111111111' },
      { key: 'northwind', tenantId: '33333333-3333-4333-8333-333333333333' },
    ]);
  });

  it('gives the matching XTSYNC_TARGETS value', () => {
    expect(deriveBicepParameters(hub, null).xtsyncTargets).toBe(
      'contoso=11111111-1111-4111-8111-111111111111,northwind=33333333-3333-4333-8333-333333333333',
    );
  });

  it('reports no change when the file already matches', () => {
    const first = deriveBicepParameters(hub, null);
    const again = deriveBicepParameters(hub, first.document);

    expect(again.changes).toEqual([]);
    expect(again.document).toEqual(first.document);
  });

  it('replaces baseName only when one is given', () => {
    const existing = { parameters: { baseName: { value: 'xtsync-prod' } } };

    expect(deriveBicepParameters(hub, existing).document.parameters.baseName).toEqual({
      value: 'xtsync-prod',
    });
    const renamed = deriveBicepParameters(hub, existing, { baseName: 'xtsync-test' });
    expect(renamed.document.parameters.baseName).toEqual({ value: 'xtsync-test' });
    expect(renamed.changes).toContain('baseName: xtsync-prod → xtsync-test');
  });

  it('fails when the tenants use different app registrations', () => {
    const mixed = parseTopology(
      `${topologyHeader.replace(
        '    tenantId: 22222222-2222-4222-8222-222222222222\n',
        '    tenantId: 22222222-2222-4222-8222-222222222222\n    auth: { type: client-secret, clientId: bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb, secretSetting: S }\n',
      )}syncs:\n  - { id: c-to-f, from: contoso, to: fabrikam }\n`,
      'mixed.yaml',
    ).topology;

    expect(() => deriveBicepParameters(mixed, null)).toThrow(
      /bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb \(fabrikam\)/,
    );
    expect(() => deriveBicepParameters(mixed, null)).toThrow(/one multi-tenant app/);
  });

  it('fails when no tenant is a target, since the deployment needs one', () => {
    const tenantsOnly = parseTopology(topologyHeader, 'tenants.yaml').topology;

    expect(() => deriveBicepParameters(tenantsOnly, null)).toThrow(CliError);
  });

  it('rejects a base name Bicep would refuse', () => {
    expect(() => deriveBicepParameters(hub, null, { baseName: 'X' })).toThrow(/3 to 16 lower-case letters/);
  });
});
