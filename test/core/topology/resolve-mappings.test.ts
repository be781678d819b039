import { describe, expect, it } from 'vitest';
import { parseTopology } from '../../../src/core/topology/parse-topology.js';
import { issuesOf, lineWith, onlyIssueOf, withSyncs } from '../../support/topology-text.js';

function withMappings(...mappings: string[]): string {
  const lines = mappings.map((mapping, index) => `      - ${mapping} # m${index}\n`).join('');
  return withSyncs(
    `  - id: contoso-to-fabrikam\n    from: contoso\n    to: fabrikam\n    mappings:\n${lines}`,
  );
}

function mappingsOf(...mappings: string[]) {
  return parseTopology(withMappings(...mappings), 'x').topology.syncs[0]?.mappings ?? [];
}

describe('resolveMappings (through parseTopology)', () => {
  describe('resolution', () => {
    it('replaces a default mapping in its place', () => {
      const mappings = mappingsOf('{ target: givenName, source: mailNickname }');
      expect(mappings[1]).toEqual({
        kind: 'copy',
        target: 'givenName',
        source: 'mailNickname',
        apply: 'always',
      });
    });

    it('drops a default mapping with none: true', () => {
      expect(mappingsOf('{ target: mobilePhone, none: true }').map((m) => m.target)).not.toContain(
        'mobilePhone',
      );
    });

    it('adds a mapping to a directory extension', () => {
      const target = 'extension_0123456789abcdef0123456789abcdef_homeTenant';
      expect(mappingsOf(`{ target: ${target}, constant: contoso, apply: onCreate }`).at(-1)).toEqual({
        kind: 'constant',
        target,
        value: 'contoso',
        apply: 'onCreate',
      });
    });

    it('accepts a Guest userType, a hidden address-list entry and several business phones as constants', () => {
      const mappings = mappingsOf(
        '{ target: userType, constant: Guest }',
        '{ target: showInAddressList, constant: false }',
        '{ target: businessPhones, constant: ["+31 20 555 0000"] }',
      );
      expect(
        mappings.filter((mapping) => mapping.kind === 'constant').map((mapping) => mapping.value),
      ).toEqual([['+31 20 555 0000'], 'Guest', false]);
    });

    it('keeps the default mail mapping: the invitation e-mail', () => {
      expect(mappingsOf('{ target: jobTitle, none: true }').find((m) => m.target === 'mail')).toEqual({
        kind: 'email',
        target: 'mail',
        apply: 'always',
      });
    });
  });

  describe('targets xtsync must not write', () => {
    it.each([
      ['id', /object id Graph assigns/],
      ['userPrincipalName', /the invitation sets it/],
      ['creationType', /read-only/],
      ['externalUserState', /read-only/],
      ['accountEnabled', /the lifecycle owns it/],
      ['identities', /B2B sign-in/],
      ['proxyAddresses', /read-only/],
      ['otherMails', /the invitation computes it/],
      ['extension_aaaaaaaaaaaa4aaa8aaaaaaaaaaaaaaa_xtsyncSourceAnchor', /xtsync source anchor/],
    ])('rejects %s', (target, reason) => {
      const text = withMappings(`{ target: ${target}, constant: x }`);
      const issue = onlyIssueOf(text);
      expect(issue).toMatchObject({ line: lineWith(text, '# m0'), path: 'syncs[0].mappings[0].target' });
      expect(issue.message).toMatch(new RegExp(`^xtsync can't write ${target}: `));
      expect(issue.message).toMatch(reason);
    });

    it('rejects an unknown target', () => {
      expect(onlyIssueOf(withMappings('{ target: nickName, source: givenName }')).message).toMatch(
        /^unknown target attribute 'nickName'/,
      );
    });
  });

  describe('errors', () => {
    it.each([
      [
        'an unknown source',
        '{ target: jobTitle, source: title }',
        'source',
        /^unknown source attribute 'title'/,
      ],
      [
        'a date source',
        '{ target: jobTitle, source: employeeHireDate }',
        'source',
        /date attributes are not supported/,
      ],
      [
        'an unknown placeholder',
        '{ target: displayName, template: "{givenName} {nick}" }',
        'template',
        /^unknown placeholder \{nick\}/,
      ],
      [
        'an unclosed placeholder',
        '{ target: displayName, template: "{givenName" }',
        'template',
        /^invalid template: .*not closed/,
      ],
      [
        'a template for a true/false target',
        '{ target: showInAddressList, template: "{department}" }',
        'template',
        /use constant instead/,
      ],
      [
        'text for a true/false target',
        '{ target: showInAddressList, constant: "yes" }',
        'constant',
        /takes true or false/,
      ],
      ['true/false for a text target', '{ target: companyName, constant: true }', 'constant', /takes text/],
      ['a list for a text target', '{ target: companyName, constant: [a, b] }', 'constant', /takes text/],
      ['an unknown userType', '{ target: userType, constant: Admin }', 'constant', /'Member' or 'Guest'/],
      [
        'a constant longer than Graph accepts',
        '{ target: employeeId, constant: "EMP-00000000000001" }',
        'constant',
        /longer than the 16 characters/,
      ],
      [
        'none for a target without a default',
        '{ target: employeeType, none: true }',
        'none',
        /no default mapping to drop/,
      ],
    ])('reports %s', (_name, mapping, field, message) => {
      const text = withMappings(mapping);
      const issue = onlyIssueOf(text);
      expect(issue.path).toBe(`syncs[0].mappings[0].${field}`);
      expect(issue.line).toBe(lineWith(text, '# m0'));
      expect(issue.message).toMatch(message);
    });

    it.each([
      ['no kind', '{ target: jobTitle }', /give exactly one of source, constant, template or none/],
      ['two kinds', '{ target: jobTitle, source: jobTitle, constant: x }', /give exactly one of/],
      [
        'apply with none',
        '{ target: jobTitle, none: true, apply: onCreate }',
        /apply has no meaning with none: true/,
      ],
      [
        'an unknown apply',
        '{ target: jobTitle, source: jobTitle, apply: sometimes }',
        /expected one of "always"\|"onCreate"/,
      ],
    ])('reports a mapping with %s', (_name, mapping, message) => {
      const text = withMappings(mapping);
      const issue = onlyIssueOf(text);
      expect(issue.line).toBe(lineWith(text, '# m0'));
      expect(issue.message).toMatch(message);
    });

    it('reports a target mapped twice with the line of the first mapping', () => {
      const text = withMappings(
        '{ target: jobTitle, source: jobTitle }',
        '{ target: jobTitle, constant: Partner }',
      );
      expect(onlyIssueOf(text)).toMatchObject({
        line: lineWith(text, '# m1'),
        path: 'syncs[0].mappings[1].target',
        message: `jobTitle is mapped twice (first at line ${lineWith(text, '# m0')})`,
      });
    });

    it('reports every bad mapping of a sync', () => {
      expect(
        issuesOf(withMappings('{ target: id, constant: x }', '{ target: jobTitle, source: nope }')),
      ).toHaveLength(2);
    });
  });
});
