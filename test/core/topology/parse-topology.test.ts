import { describe, expect, it } from 'vitest';
import { defaultMappings } from '../../../src/core/attribute-mapping.js';
import { isSyncError } from '../../../src/core/sync-errors.js';
import { parseTopology } from '../../../src/core/topology/parse-topology.js';
import { TopologyError } from '../../../src/core/topology/topology-error.js';
import { issuesOf, lineWith, onlyIssueOf, topologyHeader, withSyncs } from '../../support/topology-text.js';

const briefExample = `version: 1
defaults:
  auth: { type: client-secret, clientId: 00000000-0000-4000-8000-000000000000, secretSetting: XTSYNC_APP_CLIENT_SECRET }
  removal: { mode: disable, deleteAfterDays: 45 }
  deletionThreshold: 250
  inviteRedirectUrl: https://myapps.microsoft.com/?tenantid=fabrikam
tenants:
  - key: contoso
    tenantId: 11111111-1111-4111-8111-111111111111
    displayName: Contoso
  - key: fabrikam
    tenantId: 22222222-2222-4222-8222-222222222222
    auth: { type: certificate, clientId: BBBBBBBB-BBBB-4BBB-8BBB-BBBBBBBBBBBB, certificateSetting: FABRIKAM_CERT }
syncs:
  - id: contoso-to-fabrikam
    from: contoso
    to: fabrikam
    scope:
      filters:
        - clauses:
            - { attribute: department, operator: equals, value: Sales }
            - { attribute: country, operator: in, values: [NL, BE] }
    mappings:
      - { target: companyName, constant: Contoso }
      - { target: displayName, template: "{givenName} {surname} (Contoso)" }
      - { target: jobTitle, source: jobTitle, apply: onCreate }
      - { target: mobilePhone, none: true }
      - { target: employeeType, constant: Partner }
    removal: { mode: delete }
    deletionThreshold: "10%"
`;

describe('parseTopology', () => {
  describe('a valid file', () => {
    const { topology } = parseTopology(briefExample, 'topology.yaml');
    const [sync] = topology.syncs;

    it('resolves tenants with their ids, display names and auth', () => {
      expect(topology.tenants).toEqual([
        {
          key: 'contoso',
          tenantId: '11111111-1111-4111-8111-111111111111',
          displayName: 'Contoso',
          auth: {
            type: 'client-secret',
            clientId: '00000000-0000-4000-8000-000000000000',
            secretSetting: 'XTSYNC_APP_CLIENT_SECRET',
          },
        },
        {
          key: 'fabrikam',
          tenantId: '22222222-2222-4222-8222-222222222222',
          displayName: 'fabrikam',
          auth: {
            type: 'certificate',
            clientId: 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb',
            certificateSetting: 'FABRIKAM_CERT',
          },
        },
      ]);
    });

    it('resolves the tenant ids of each sync', () => {
      expect(sync).toMatchObject({
        id: 'contoso-to-fabrikam',
        from: 'contoso',
        to: 'fabrikam',
        fromTenantId: '11111111-1111-4111-8111-111111111111',
        toTenantId: '22222222-2222-4222-8222-222222222222',
      });
    });

    it('keeps the scope filters', () => {
      expect(sync?.scope).toEqual([
        {
          clauses: [
            { attribute: 'department', operator: 'equals', value: 'Sales' },
            { attribute: 'country', operator: 'in', values: ['NL', 'BE'] },
          ],
        },
      ]);
    });

    it('lets a sync override the default removal, threshold and keep the default redirect URL', () => {
      expect(sync).toMatchObject({
        removal: { mode: 'delete', deleteAfterDays: 0 },
        deletionThreshold: { kind: 'percent', percent: 10 },
        inviteRedirectUrl: 'https://myapps.microsoft.com/?tenantid=fabrikam',
      });
    });

    it('applies mapping overrides in place of the defaults and adds new targets at the end', () => {
      const byTarget = new Map(sync?.mappings.map((mapping) => [mapping.target, mapping]));
      expect(byTarget.get('companyName')).toEqual({
        kind: 'constant',
        target: 'companyName',
        value: 'Contoso',
        apply: 'always',
      });
      expect(byTarget.get('displayName')).toEqual({
        kind: 'template',
        target: 'displayName',
        template: '{givenName} {surname} (Contoso)',
        apply: 'always',
      });
      expect(byTarget.get('jobTitle')).toMatchObject({ kind: 'copy', source: 'jobTitle', apply: 'onCreate' });
      expect(byTarget.has('mobilePhone')).toBe(false);
      expect(sync?.mappings.at(-1)).toMatchObject({ target: 'employeeType', value: 'Partner' });
      expect(sync?.mappings.map((mapping) => mapping.target).slice(0, 3)).toEqual([
        'displayName',
        'givenName',
        'surname',
      ]);
    });
  });

  describe('defaults', () => {
    const { topology } = parseTopology(
      withSyncs('  - { id: contoso-to-fabrikam, from: contoso, to: fabrikam }\n'),
      'topology.yaml',
    );
    const [sync] = topology.syncs;

    it('syncs every internal member with the default mappings when scope and mappings are left out', () => {
      expect(sync?.scope).toEqual([]);
      expect(sync?.mappings).toEqual(defaultMappings);
    });

    it('disables leavers and deletes them after 30 days, with a guard of 500 removals', () => {
      expect(sync).toMatchObject({
        removal: { mode: 'disable', deleteAfterDays: 30 },
        deletionThreshold: { kind: 'count', count: 500 },
        inviteRedirectUrl: 'https://myapps.microsoft.com',
      });
    });

    it('gives every tenant the default auth', () => {
      expect(topology.tenants.map((tenant) => tenant.auth.type)).toEqual([
        'client-secret',
        'client-secret',
        'client-secret',
        'client-secret',
      ]);
    });

    it('keeps 30 days when a disable removal leaves deleteAfterDays out', () => {
      const text = withSyncs(
        '  - { id: a, from: contoso, to: fabrikam, removal: { mode: disable }, deletionThreshold: "2.5%" }\n',
      );
      expect(parseTopology(text, 'x').topology.syncs[0]).toMatchObject({
        removal: { mode: 'disable', deleteAfterDays: 30 },
        deletionThreshold: { kind: 'percent', percent: 2.5 },
      });
    });
  });

  it('resolves the other auth types', () => {
    const text = topologyHeader
      .replace(
        '    displayName: Contoso\n',
        '    displayName: Contoso\n    auth: { type: managed-identity-federation, clientId: aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa, managedIdentityClientId: CCCCCCCC-CCCC-4CCC-8CCC-CCCCCCCCCCCC }\n',
      )
      .replace(
        '  - key: northwind\n    tenantId: 33333333-3333-4333-8333-333333333333\n',
        '  - key: northwind\n    tenantId: 33333333-3333-4333-8333-333333333333\n    auth: { type: certificate, clientId: aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa, certificatePath: /certs/northwind.pem }\n',
      );
    const tenants = parseTopology(text, 'x').topology.tenants;
    expect(tenants[0]?.auth).toEqual({
      type: 'managed-identity-federation',
      clientId: 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa',
      managedIdentityClientId: 'cccccccc-cccc-4ccc-8ccc-cccccccccccc',
    });
    expect(tenants[2]?.auth).toEqual({
      type: 'certificate',
      clientId: 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa',
      certificatePath: '/certs/northwind.pem',
    });
  });

  it('lower-cases tenant ids', () => {
    const text = topologyHeader.replace(
      '22222222-2222-4222-8222-222222222222',
      '2222AAAA-2222-4222-8222-222222222222',
    );
    expect(parseTopology(text, 'x').topology.tenants[1]?.tenantId).toBe(
      '2222aaaa-2222-4222-8222-222222222222',
    );
  });

  it('accepts a file without syncs and calls its shape empty', () => {
    const parsed = parseTopology(topologyHeader, 'x');
    expect(parsed.topology.syncs).toEqual([]);
    expect(parsed.shape.kind).toBe('empty');
  });

  it('names the shape', () => {
    expect(parseTopology(briefExample, 'x').shape.description).toBe('one-to-one (contoso → fabrikam)');
  });

  describe('errors', () => {
    it('throws a TopologyError with code TOPOLOGY.INVALID that is not retryable', () => {
      let caught: unknown;
      try {
        parseTopology('version: 2\ntenants: []\n', 'config/topology.yaml');
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(TopologyError);
      expect(isSyncError(caught, 'TOPOLOGY.INVALID')).toBe(true);
      expect((caught as TopologyError).retryable).toBe(false);
      expect((caught as TopologyError).message).toBe(
        'Invalid topology config/topology.yaml (2 problems):\n' +
          '  config/topology.yaml:1:10 version: expected version: 1 (the only topology format so far)\n' +
          '  config/topology.yaml:2:10 tenants: expected at least one tenant',
      );
    });

    it('reports YAML syntax errors with their line', () => {
      const text = topologyHeader.replace('    displayName: Contoso\n', '\tdisplayName: Contoso # here\n');
      expect(issuesOf(text)[0]).toEqual({
        line: lineWith(text, '# here'),
        column: 1,
        path: '(yaml)',
        message: 'Tabs are not allowed as indentation',
      });
    });

    it('reports a repeated key', () => {
      const text = topologyHeader.replace(
        '    displayName: Contoso\n',
        '    displayName: Contoso\n    displayName: Again # here\n',
      );
      expect(onlyIssueOf(text)).toMatchObject({
        line: lineWith(text, '# here'),
        message: 'Map keys must be unique',
      });
    });

    it('reports an empty file', () => {
      expect(onlyIssueOf('# nothing yet\n')).toMatchObject({
        line: 1,
        path: '(root)',
        message: expect.stringMatching(/empty/) as unknown,
      });
    });

    it('refuses a file that is far too large before parsing it', () => {
      expect(onlyIssueOf(`# ${'x'.repeat(1_000_001)}`).message).toMatch(/larger than/);
    });

    it('reports an unknown field at its key, and warns that secrets never go in the file', () => {
      const text = topologyHeader.replace(
        '    displayName: Contoso\n',
        '    displayName: Contoso\n    clientSecret: s3cr3t # here\n',
      );
      const issue = onlyIssueOf(text);
      expect(issue).toMatchObject({
        line: lineWith(text, '# here'),
        column: 5,
        path: 'tenants[0].clientSecret',
      });
      expect(issue.message).toMatch(/secrets never go in the topology file/);
      expect(issue.message).not.toContain('s3cr3t');
    });

    it('reports a missing field at its parent', () => {
      const text = withSyncs('  - id: a # here\n    from: contoso\n');
      expect(onlyIssueOf(text)).toEqual({
        line: lineWith(text, '# here'),
        column: 5,
        path: 'syncs[0].to',
        message: "'to' is required",
      });
    });

    it('lists every problem at once, in file order', () => {
      const text = withSyncs(
        '  - { id: A, from: contoso, to: fabrikam } # first\n  - { id: b, from: contoso, to: fabrikam, deletionThreshold: 0 } # second\n',
      );
      expect(issuesOf(text).map((issue) => issue.line)).toEqual([
        lineWith(text, '# first'),
        lineWith(text, '# second'),
      ]);
    });
  });
});
