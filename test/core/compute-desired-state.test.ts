import { describe, expect, it } from 'vitest';
import { defaultMappings, type AttributeMapping } from '../../src/core/attribute-mapping.js';
import { computeDesiredState } from '../../src/core/compute-desired-state.js';
import { isSyncError } from '../../src/core/sync-errors.js';
import { aSourceUser, aSync } from '../support/builders.js';

function withOverrides(...overrides: AttributeMapping[]): readonly AttributeMapping[] {
  const targets = new Set(overrides.map((mapping) => mapping.target));
  return [...defaultMappings.filter((mapping) => !targets.has(mapping.target)), ...overrides];
}

describe('computeDesiredState', () => {
  describe('with the default mappings', () => {
    const desired = computeDesiredState(aSourceUser(), aSync());

    it('copies the profile attributes from the same source attributes', () => {
      expect(desired.attributes).toMatchObject({
        displayName: 'Adele Vance',
        givenName: 'Adele',
        surname: 'Vance',
        jobTitle: 'Account Manager',
        department: 'Sales',
        companyName: 'Contoso',
        officeLocation: 'Amsterdam',
        streetAddress: 'Herengracht 1',
        city: 'Amsterdam',
        postalCode: '1015 BA',
        country: 'NL',
        businessPhones: ['+31 20 555 0100'],
        mobilePhone: '+31 6 5555 0100',
        employeeId: 'E1001',
        preferredLanguage: 'nl-NL',
        mail: 'adele.vance@contoso.com',
      });
    });

    it('makes an enabled external member shown in the address list', () => {
      expect(desired.attributes).toMatchObject({
        userType: 'Member',
        showInAddressList: true,
        accountEnabled: true,
      });
    });

    it('keeps empty source values as null so the target value is cleared', () => {
      expect(desired.attributes.state).toBeNull();
    });

    it('writes nothing only on create', () => {
      expect(desired.onCreateOnly).toEqual({});
    });

    it('invites the source mail with the mapped display name and the sync redirect URL', () => {
      expect(desired.invitation).toEqual({
        email: 'adele.vance@contoso.com',
        displayName: 'Adele Vance',
        redirectUrl: 'https://myapps.microsoft.com',
      });
    });

    it('never maps identity or lifecycle attributes xtsync does not own', () => {
      expect(Object.keys(desired.attributes)).not.toEqual(
        expect.arrayContaining(['id', 'userPrincipalName', 'creationType']),
      );
    });
  });

  describe('identity', () => {
    it('falls back to the userPrincipalName when the source has no mail', () => {
      const desired = computeDesiredState(aSourceUser({ mail: null }), aSync());
      expect(desired.invitation.email).toBe('adele.vance@contoso.com');
      expect(desired.attributes.mail).toBe('adele.vance@contoso.com');
    });

    it('treats an empty mail as missing', () => {
      const desired = computeDesiredState(
        aSourceUser({ mail: '', userPrincipalName: 'adele@contoso.onmicrosoft.com' }),
        aSync(),
      );
      expect(desired.invitation.email).toBe('adele@contoso.onmicrosoft.com');
      expect(desired.attributes.mail).toBe('adele@contoso.onmicrosoft.com');
    });

    it('fails with MESSAGE.INVALID when the user has neither mail nor userPrincipalName', () => {
      let caught: unknown;
      try {
        computeDesiredState(aSourceUser({ mail: null, userPrincipalName: undefined }), aSync());
      } catch (error) {
        caught = error;
      }
      expect(isSyncError(caught, 'MESSAGE.INVALID')).toBe(true);
    });

    it('invites with the mapped display name, falling back to the source one when the mapping is empty', () => {
      const mappings = withOverrides({
        kind: 'template',
        target: 'displayName',
        template: '{nickname}',
        apply: 'always',
      });
      const desired = computeDesiredState(aSourceUser(), aSync({ mappings }));
      expect(desired.attributes).not.toHaveProperty('displayName');
      expect(desired.invitation.displayName).toBe('Adele Vance');
    });

    it('lets the caller override the redirect URL', () => {
      const desired = computeDesiredState(aSourceUser(), aSync(), {
        redirectUrl: 'https://portal.fabrikam.com',
      });
      expect(desired.invitation.redirectUrl).toBe('https://portal.fabrikam.com');
    });
  });

  describe('overrides', () => {
    it('writes a constant', () => {
      const mappings = withOverrides({
        kind: 'constant',
        target: 'companyName',
        value: 'Contoso Ltd',
        apply: 'always',
      });
      expect(computeDesiredState(aSourceUser(), aSync({ mappings })).attributes.companyName).toBe(
        'Contoso Ltd',
      );
    });

    it('copies from another source attribute', () => {
      const mappings = withOverrides({
        kind: 'copy',
        target: 'jobTitle',
        source: 'department',
        apply: 'always',
      });
      expect(computeDesiredState(aSourceUser(), aSync({ mappings })).attributes.jobTitle).toBe('Sales');
    });

    it('renders a template and invites with it', () => {
      const mappings = withOverrides({
        kind: 'template',
        target: 'displayName',
        template: '{givenName} {surname} (Contoso)',
        apply: 'always',
      });
      const desired = computeDesiredState(aSourceUser(), aSync({ mappings }));
      expect(desired.attributes.displayName).toBe('Adele Vance (Contoso)');
      expect(desired.invitation.displayName).toBe('Adele Vance (Contoso)');
    });

    it('puts onCreate mappings apart so updates never re-apply them', () => {
      const mappings = withOverrides({
        kind: 'copy',
        target: 'jobTitle',
        source: 'jobTitle',
        apply: 'onCreate',
      });
      const desired = computeDesiredState(aSourceUser(), aSync({ mappings }));
      expect(desired.onCreateOnly).toEqual({ jobTitle: 'Account Manager' });
      expect(desired.attributes).not.toHaveProperty('jobTitle');
    });

    it('leaves out a dropped mapping', () => {
      const mappings = defaultMappings.filter((mapping) => mapping.target !== 'mobilePhone');
      expect(computeDesiredState(aSourceUser(), aSync({ mappings })).attributes).not.toHaveProperty(
        'mobilePhone',
      );
    });

    it('keeps accountEnabled true even if a mapping tried to set it', () => {
      const mappings = withOverrides({
        kind: 'constant',
        target: 'accountEnabled',
        value: false,
        apply: 'always',
      });
      expect(computeDesiredState(aSourceUser(), aSync({ mappings })).attributes.accountEnabled).toBe(true);
    });
  });

  describe('Graph limits', () => {
    it('truncates over-long text to the documented maximum', () => {
      const desired = computeDesiredState(
        aSourceUser({ employeeId: 'EMP-0000000000001234', department: 'D'.repeat(80) }),
        aSync(),
      );
      expect(desired.attributes.employeeId).toBe('EMP-000000000000');
      expect(desired.attributes.department).toBe('D'.repeat(64));
    });

    it('keeps only the first business phone', () => {
      const desired = computeDesiredState(aSourceUser({ businessPhones: ['+31 20 1', '+31 20 2'] }), aSync());
      expect(desired.attributes.businessPhones).toEqual(['+31 20 1']);
    });

    it('truncates the invitation display name like the attribute', () => {
      const desired = computeDesiredState(aSourceUser({ displayName: 'A'.repeat(300) }), aSync());
      expect(desired.invitation.displayName).toHaveLength(256);
    });
  });

  describe('hash', () => {
    it('is stable for the same source user and sync', () => {
      expect(computeDesiredState(aSourceUser(), aSync()).hash).toBe(
        computeDesiredState(aSourceUser(), aSync()).hash,
      );
    });

    it('does not depend on the order of source attributes', () => {
      const reversed = Object.fromEntries(Object.entries(aSourceUser()).reverse());
      expect(computeDesiredState(reversed, aSync()).hash).toBe(
        computeDesiredState(aSourceUser(), aSync()).hash,
      );
    });

    it('ignores source attributes no mapping reads', () => {
      expect(computeDesiredState(aSourceUser({ faxNumber: '+31 20 9' }), aSync()).hash).toBe(
        computeDesiredState(aSourceUser(), aSync()).hash,
      );
    });

    it('changes when a mapped attribute changes', () => {
      expect(computeDesiredState(aSourceUser({ jobTitle: 'Director' }), aSync()).hash).not.toBe(
        computeDesiredState(aSourceUser(), aSync()).hash,
      );
    });

    it('changes when an onCreate attribute or the invitation changes', () => {
      const mappings = withOverrides({
        kind: 'copy',
        target: 'jobTitle',
        source: 'jobTitle',
        apply: 'onCreate',
      });
      const base = computeDesiredState(aSourceUser(), aSync({ mappings })).hash;
      expect(computeDesiredState(aSourceUser({ jobTitle: 'CEO' }), aSync({ mappings })).hash).not.toBe(base);
      expect(
        computeDesiredState(aSourceUser(), aSync({ mappings, inviteRedirectUrl: 'https://x.example' })).hash,
      ).not.toBe(base);
    });
  });
});
