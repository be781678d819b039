import { describe, expect, it } from 'vitest';
import { canonicalJson, stableHash } from '../../src/core/hashing.js';

describe('canonicalJson', () => {
  it('sorts object keys at every level and keeps array order', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, 1], c: null } })).toBe('{"a":{"c":null,"d":[2,1]},"b":1}');
  });

  it('leaves out undefined members like JSON does', () => {
    expect(canonicalJson({ a: undefined, b: true })).toBe('{"b":true}');
  });

  it.each([
    ['a function', () => 1],
    ['NaN', Number.NaN],
    ['a bigint', 1n],
    ['an array with undefined', [undefined]],
  ])('refuses %s', (_name, value) => {
    expect(() => canonicalJson(value)).toThrow(TypeError);
  });
});

describe('stableHash', () => {
  it('is the same whatever the key order', () => {
    expect(stableHash({ givenName: 'Adele', surname: 'Vance' })).toBe(
      stableHash({ surname: 'Vance', givenName: 'Adele' }),
    );
  });

  it('changes when a value changes', () => {
    expect(stableHash({ jobTitle: 'Manager' })).not.toBe(stableHash({ jobTitle: 'manager' }));
  });

  it('tells an array order apart', () => {
    expect(stableHash(['a', 'b'])).not.toBe(stableHash(['b', 'a']));
  });

  it('is a known sha-256 of the canonical text, so hashes survive releases', () => {
    expect(stableHash({ b: 2, a: 1 })).toBe(
      '43258cff783fe7036d8a43033f830adfc60ec037382473548ac742b888292777',
    );
  });
});
