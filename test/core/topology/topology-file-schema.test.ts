import { describe, expect, it } from 'vitest';
import { lineWith, onlyIssueOf, topologyHeader, withSyncs } from '../../support/topology-text.js';

describe('topologyFileSchema (through parseTopology)', () => {
  it.each([
    [
      'a tenant id that is not a GUID',
      topologyHeader.replace('33333333-3333-4333-8333-333333333333', 'northwind.onmicrosoft.com'),
      'tenants[2].tenantId',
      /expected a GUID/,
    ],
    [
      'a tenant key with capitals',
      topologyHeader.replace('key: woodgrove', 'key: WoodGrove'),
      'tenants[3].key',
      /expected a tenant key/,
    ],
    [
      'a client id that is not a GUID',
      topologyHeader.replace('clientId: aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'clientId: xtsync'),
      'defaults.auth.clientId',
      /expected a GUID/,
    ],
    [
      'an unknown auth type',
      topologyHeader.replace('type: client-secret', 'type: password'),
      'defaults.auth.type',
      /expected one of 'client-secret', 'certificate', 'managed-identity-federation'/,
    ],
  ])('reports %s', (_name, text, path, message) => {
    const issue = onlyIssueOf(text);
    expect(issue.path).toBe(path);
    expect(issue.message).toMatch(message);
    expect(issue.line).toBeGreaterThan(1);
  });

  it.each([
    [
      'a sync id with capitals',
      '  - { id: Contoso-To-Fabrikam, from: contoso, to: fabrikam } # here\n',
      'syncs[0].id',
      /expected a sync id/,
    ],
    [
      'a sync id longer than 40 characters',
      `  - { id: ${'a'.repeat(41)}, from: contoso, to: fabrikam } # here\n`,
      'syncs[0].id',
      /expected a sync id/,
    ],
    [
      'a threshold that is neither a count nor a percentage',
      '  - { id: a, from: contoso, to: fabrikam, deletionThreshold: lots } # here\n',
      'syncs[0].deletionThreshold',
      /number of users .* or a percentage/,
    ],
    [
      'a percentage above 100',
      '  - { id: a, from: contoso, to: fabrikam, deletionThreshold: "150%" } # here\n',
      'syncs[0].deletionThreshold',
      /percentage/,
    ],
    [
      'a redirect URL that is not https',
      '  - { id: a, from: contoso, to: fabrikam, inviteRedirectUrl: "http://portal.example" } # here\n',
      'syncs[0].inviteRedirectUrl',
      /https URL/,
    ],
    [
      'deleteAfterDays with delete mode',
      '  - { id: a, from: contoso, to: fabrikam, removal: { mode: delete, deleteAfterDays: 5 } } # here\n',
      'syncs[0].removal.deleteAfterDays',
      /unknown field/,
    ],
    [
      'an unknown removal mode',
      '  - { id: a, from: contoso, to: fabrikam, removal: { mode: archive } } # here\n',
      'syncs[0].removal.mode',
      /expected one of 'disable', 'delete'/,
    ],
  ])('reports %s', (_name, syncs, path, message) => {
    const text = withSyncs(syncs);
    const issue = onlyIssueOf(text);
    expect(issue).toMatchObject({ path, line: lineWith(text, '# here') });
    expect(issue.message).toMatch(message);
  });

  it('reports a certificate auth with both a setting and a path', () => {
    const text = topologyHeader.replace(
      '    displayName: Contoso\n',
      '    displayName: Contoso\n    auth: { type: certificate, clientId: aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa, certificateSetting: X, certificatePath: /x.pem } # here\n',
    );
    expect(onlyIssueOf(text)).toMatchObject({
      line: lineWith(text, '# here'),
      path: 'tenants[0].auth',
      message: 'give exactly one of certificateSetting or certificatePath',
    });
  });
});
