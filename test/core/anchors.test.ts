import { describe, expect, it } from 'vitest';
import {
  anchorAttributeName,
  formatAnchor,
  isAnchorAttributeName,
  parseAnchor,
} from '../../src/core/anchors.js';

const tenant = '11111111-1111-4111-8111-111111111111';
const user = '5B1C4A4E-0D7E-4C1A-9D3F-1A2B3C4D5E6F';

describe('formatAnchor', () => {
  it('joins tenant and user id with a colon, in lower case', () => {
    expect(formatAnchor(tenant, user)).toBe(`${tenant}:5b1c4a4e-0d7e-4c1a-9d3f-1a2b3c4d5e6f`);
  });

  it('refuses ids that are not GUIDs', () => {
    expect(() => formatAnchor(tenant, 'adele@contoso.com')).toThrow(/must be GUIDs/);
  });
});

describe('parseAnchor', () => {
  it('reads back what formatAnchor wrote', () => {
    expect(parseAnchor(formatAnchor(tenant, user))).toEqual({
      sourceTenantId: tenant,
      sourceUserId: user.toLowerCase(),
    });
  });

  it('accepts upper-case values and returns lower-case ids', () => {
    expect(parseAnchor(`${tenant.toUpperCase()}:${user}`)?.sourceUserId).toBe(user.toLowerCase());
  });

  it.each([null, 42, '', 'abc', tenant, `${tenant}:${user}:x`, `${tenant}:not-a-guid`])(
    'returns null for %s',
    (value) => {
      expect(parseAnchor(value)).toBeNull();
    },
  );
});

describe('anchorAttributeName', () => {
  it('names the extension after the app client id without hyphens', () => {
    expect(anchorAttributeName('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa')).toBe(
      'extension_aaaaaaaaaaaa4aaa8aaaaaaaaaaaaaaa_xtsyncSourceAnchor',
    );
  });

  it('refuses a client id that is not a GUID', () => {
    expect(() => anchorAttributeName('xtsync')).toThrow(/not a GUID/);
  });
});

describe('isAnchorAttributeName', () => {
  it('recognises the anchor extension of any app', () => {
    expect(isAnchorAttributeName('extension_0123456789abcdef0123456789abcdef_xtsyncSourceAnchor')).toBe(true);
  });

  it('does not claim other extensions', () => {
    expect(isAnchorAttributeName('extension_0123456789abcdef0123456789abcdef_costCenter')).toBe(false);
  });
});
