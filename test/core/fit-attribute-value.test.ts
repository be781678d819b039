import { describe, expect, it } from 'vitest';
import { fitAttributeValue } from '../../src/core/fit-attribute-value.js';

describe('fitAttributeValue', () => {
  it('truncates text to the length Graph accepts', () => {
    expect(fitAttributeValue('employeeId', 'E-2024-000000012345')).toBe('E-2024-000000012');
    expect(fitAttributeValue('jobTitle', 'x'.repeat(200))).toHaveLength(128);
  });

  it('never splits a surrogate pair when truncating', () => {
    const value = `${'a'.repeat(63)}😀`;
    expect(fitAttributeValue('givenName', value)).toBe('a'.repeat(63));
  });

  it('keeps only the first business phone, because Graph accepts one', () => {
    expect(fitAttributeValue('businessPhones', ['+31 20 555 0100', '+31 20 555 0101'])).toEqual([
      '+31 20 555 0100',
    ]);
  });

  it('makes a list of a single business phone given as text', () => {
    expect(fitAttributeValue('businessPhones', '+31 20 555 0100')).toEqual(['+31 20 555 0100']);
  });

  it('clears an empty list target with an empty list', () => {
    expect(fitAttributeValue('businessPhones', null)).toEqual([]);
  });

  it('turns empty text into null, which clears the target attribute', () => {
    expect(fitAttributeValue('jobTitle', '')).toBeNull();
    expect(fitAttributeValue('jobTitle', undefined)).toBeNull();
  });

  it('converts values to the target kind', () => {
    expect(fitAttributeValue('department', true)).toBe('true');
    expect(fitAttributeValue('mobilePhone', ['+31 6', '+31 7'])).toBe('+31 6');
    expect(fitAttributeValue('showInAddressList', 'FALSE')).toBe(false);
    expect(fitAttributeValue('showInAddressList', 'maybe')).toBeNull();
  });

  it('keeps directory extension values as they are', () => {
    const name = 'extension_0123456789abcdef0123456789abcdef_costCenter';
    expect(fitAttributeValue(name, 4711)).toBe(4711);
    expect(fitAttributeValue(name, ['A', 'B'])).toBe('A');
    expect(fitAttributeValue(name, '')).toBeNull();
  });
});
