/**
 * Fits a mapped value into what Graph will accept for the target attribute, so one long job title never
 * blocks a user's whole sync: text is truncated to the documented maximum, `businessPhones` keeps its first
 * number (Graph allows one), values are converted to the target's kind, and empty values become null (or an
 * empty list), which clears the target attribute. CTS does neither; users ask for the robustness.
 */
import { describeUserAttribute } from './user-attribute-catalog.js';
import type { AttributeValue } from './user-attributes.js';

/**
 * Converts `value` to the kind of `target` and applies Graph's limits.
 *
 * @returns text (or null) for text targets; a list (possibly empty) for list targets; a boolean (or null)
 * for boolean targets; directory extensions keep text, booleans and numbers.
 */
export function fitAttributeValue(target: string, value: AttributeValue | undefined): AttributeValue {
  const info = describeUserAttribute(target);
  switch (info?.kind ?? 'scalar') {
    case 'boolean':
      return toBoolean(value);
    case 'string-list': {
      const items = toList(value).map((item) => truncate(item, info?.maxLength));
      return info?.maxItems === undefined ? items : items.slice(0, info.maxItems);
    }
    case 'string': {
      const text = toText(value);
      return text === null ? null : truncate(text, info?.maxLength);
    }
    default:
      if (isList(value)) return toText(value);
      return value === undefined || value === '' ? null : value;
  }
}

function toText(value: AttributeValue | undefined): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string') return value === '' ? null : value;
  if (typeof value === 'boolean' || typeof value === 'number') return String(value);
  return value.find((item) => item !== '') ?? null;
}

function toList(value: AttributeValue | undefined): string[] {
  if (isList(value)) return value.filter((item) => item !== '');
  const text = toText(value);
  return text === null ? [] : [text];
}

function toBoolean(value: AttributeValue | undefined): boolean | null {
  if (typeof value === 'boolean') return value;
  const text = toText(value)?.toLowerCase();
  if (text === 'true') return true;
  if (text === 'false') return false;
  return null;
}

function isList(value: AttributeValue | undefined): value is readonly string[] {
  return Array.isArray(value);
}

/** Truncates to `maxLength` UTF-16 units (Graph's measure) without splitting a surrogate pair. */
function truncate(text: string, maxLength: number | undefined): string {
  if (maxLength === undefined || text.length <= maxLength) return text;
  const cut = text.slice(0, maxLength);
  const last = cut.charCodeAt(cut.length - 1);
  return last >= 0xd800 && last <= 0xdbff ? cut.slice(0, -1) : cut;
}
