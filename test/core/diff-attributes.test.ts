import { describe, expect, it } from 'vitest';
import { diffAttributes, sameAttributeValue } from '../../src/core/diff-attributes.js';

describe('diffAttributes', () => {
  it('returns only the desired attributes whose values differ', () => {
    expect(
      diffAttributes(
        { jobTitle: 'Manager', department: 'Sales' },
        { jobTitle: 'Director', department: 'Sales' },
      ),
    ).toEqual({ jobTitle: 'Director' });
  });

  it('leaves attributes that are no longer desired alone', () => {
    expect(diffAttributes({ jobTitle: 'Manager', city: 'Amsterdam' }, { jobTitle: 'Manager' })).toEqual({});
  });

  it('clears a value that became empty', () => {
    expect(diffAttributes({ jobTitle: 'Manager' }, { jobTitle: null })).toEqual({ jobTitle: null });
  });

  it('compares text case-sensitively', () => {
    expect(diffAttributes({ city: 'amsterdam' }, { city: 'Amsterdam' })).toEqual({ city: 'Amsterdam' });
  });
});

describe('sameAttributeValue', () => {
  it.each([
    [null, undefined],
    ['', null],
    [[], null],
    [[], undefined],
  ])('treats %j and %j as the same empty value', (a, b) => {
    expect(sameAttributeValue(a, b)).toBe(true);
  });

  it('compares lists item by item', () => {
    expect(sameAttributeValue(['+31 20'], ['+31 20'])).toBe(true);
    expect(sameAttributeValue(['+31 20'], ['+31 30'])).toBe(false);
    expect(sameAttributeValue(['+31 20'], '+31 20')).toBe(false);
  });

  it('tells false from empty', () => {
    expect(sameAttributeValue(false, null)).toBe(false);
  });
});
