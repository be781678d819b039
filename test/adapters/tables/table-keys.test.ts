import { describe, expect, it } from 'vitest';
import {
  decodeKey,
  encodeKey,
  invertedTimeKey,
  timeFromInvertedKey,
} from '../../../src/adapters/tables/table-keys.js';

// eslint-disable-next-line no-control-regex -- control characters are what keys must not contain
const FORBIDDEN = /[/\\#?\u0000-\u001f\u007f-\u009f]/;

describe('encodeKey', () => {
  const samples = [
    'plain-guid-11111111-1111-4111-8111-111111111111',
    'alex_contoso.com#EXT#@fabrikam.onmicrosoft.com',
    'a/b\\c?d#e',
    'already!2fescaped',
    '100% sure!',
    'controls\u0000\u0009\u001f\u007f\u009f',
    'ünïcödé ✓ and emoji 🙂',
    '',
    '!',
  ];

  it.each(samples)('round-trips %j', (value) => {
    expect(decodeKey(encodeKey(value))).toBe(value);
  });

  it.each(samples)('never leaves a character tables forbid in %j', (value) => {
    expect(encodeKey(value)).not.toMatch(FORBIDDEN);
  });

  it('keeps ordinary ids unchanged', () => {
    expect(encodeKey('prod-to-test:20250301')).toBe('prod-to-test:20250301');
  });

  it('round-trips every character up to U+00FF', () => {
    const all = Array.from({ length: 256 }, (_, code) => String.fromCharCode(code)).join('');
    expect(decodeKey(encodeKey(all))).toBe(all);
  });

  it('refuses a key longer than Table Storage allows', () => {
    expect(() => encodeKey('#'.repeat(200))).toThrow(/600 characters once encoded/);
  });
});

describe('invertedTimeKey', () => {
  it('sorts later times first', () => {
    const times = ['2025-03-01T10:00:00.000Z', '2025-03-01T10:00:00.001Z', '2031-01-01T00:00:00.000Z'];
    const keys = times.map((time) => invertedTimeKey(new Date(time)));
    expect([...keys].sort()).toEqual([...keys].reverse());
  });

  it('has a fixed width, so string order is time order', () => {
    expect(invertedTimeKey(new Date(0))).toHaveLength(16);
    expect(invertedTimeKey(new Date('2999-12-31T23:59:59.999Z'))).toHaveLength(16);
  });

  it('reads back the time it encodes', () => {
    const at = new Date('2025-03-01T10:00:00.123Z');
    expect(timeFromInvertedKey(`${invertedTimeKey(at)}_entry-1`)).toEqual(at);
  });

  it('refuses an invalid date', () => {
    expect(() => invertedTimeKey(new Date('nonsense'))).toThrow(RangeError);
  });
});
