/**
 * Attribute comparison for "never write what didn't change": the PATCH for a user holds only the desired
 * attributes whose values differ from what the target has (or what xtsync last wrote).
 */
import type { AttributeValue, UserAttributes } from './user-attributes.js';

/**
 * The entries of `desired` whose values differ from `current`. Attributes only in `current` are left alone
 * (a mapping that was removed stops managing its attribute, it does not clear it). Missing, null, '' and
 * an empty list all mean "empty" and are equal to each other; text compares case-sensitively.
 */
export function diffAttributes(current: UserAttributes, desired: UserAttributes): UserAttributes {
  const patch: Record<string, AttributeValue> = {};
  for (const [name, value] of Object.entries(desired)) {
    if (!sameAttributeValue(current[name], value)) patch[name] = value;
  }
  return patch;
}

/** True when two attribute values are equal for sync purposes (all empty values are equal). */
export function sameAttributeValue(a: AttributeValue | undefined, b: AttributeValue | undefined): boolean {
  if (isEmpty(a) || isEmpty(b)) return isEmpty(a) && isEmpty(b);
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, index) => item === b[index]);
  }
  return a === b;
}

/** True for missing, null, '' and empty lists. */
export function isEmptyAttributeValue(value: AttributeValue | undefined): boolean {
  return isEmpty(value);
}

function isEmpty(value: AttributeValue | undefined): value is null | undefined | '' | readonly [] {
  return (
    value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0)
  );
}
