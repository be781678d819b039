import { describe, expect, it } from 'vitest';
import { parseRetryAfter, readHeader } from '../../../src/adapters/graph/graph-retry-after.js';

describe('parseRetryAfter', () => {
  const now = Date.parse('2025-01-01T00:00:00Z');

  it('reads whole and fractional seconds as milliseconds, rounding up', () => {
    expect(parseRetryAfter('5', now)).toBe(5000);
    expect(parseRetryAfter('2.1281', now)).toBe(2129);
    expect(parseRetryAfter('0', now)).toBe(0);
  });

  it('reads an HTTP date as the time left until it', () => {
    expect(parseRetryAfter('Wed, 01 Jan 2025 00:00:30 GMT', now)).toBe(30_000);
  });

  it('treats a date in the past as no wait', () => {
    expect(parseRetryAfter('Tue, 31 Dec 2024 23:00:00 GMT', now)).toBe(0);
  });

  it('ignores absent, negative or unreadable values', () => {
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter('', now)).toBeUndefined();
    expect(parseRetryAfter('-1', now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
  });
});

describe('readHeader', () => {
  it('finds a header case-insensitively in a plain record', () => {
    expect(readHeader({ 'retry-after': '3' }, 'Retry-After')).toBe('3');
  });

  it('reads fetch Headers', () => {
    expect(readHeader(new Headers({ 'Retry-After': '4' }), 'retry-after')).toBe('4');
  });
});
