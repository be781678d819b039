/**
 * How the engine stores a user: one plain values object (Graph property name → value) plus the record's
 * position in its list. Records hold no closures so 100,000 of them stay small; values are replaced, never
 * mutated in place, so arrays can be shared between users safely.
 */

/** A complex value such as an `objectIdentity` or `onPremisesExtensionAttributes`. */
export type ObjectValue = Readonly<Record<string, string | null>>;

/** A stored property value. A key that is absent was never set; `null` means it was cleared. */
export type StoredValue = string | boolean | null | readonly string[] | ObjectValue | readonly ObjectValue[];

/** The stored properties of a user, keyed by canonical Graph property name (always including `id`). */
export type UserValues = Record<string, StoredValue | undefined>;

/** One stored user, active or in deleted items. */
export class UserRecord {
  /** The object id, lower-case. */
  readonly id: string;
  values: UserValues;
  /** Position in the list (active users or deleted items) that currently holds the record. */
  slot = -1;
  /** When the user's creation became visible to `/users/delta` (simulator clock, ms). */
  visibleAt: number;

  constructor(values: UserValues & { id: string }, visibleAt: number) {
    this.id = values.id;
    this.values = values;
    this.visibleAt = visibleAt;
  }
}

/** Whether two stored values are equal (deeply for collections and complex values). */
export function isSameValue(a: StoredValue | undefined, b: StoredValue | undefined): boolean {
  if (a === b) return true;
  if (a === null || b === null || a === undefined || b === undefined) return false;
  if (typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item: StoredValue, i) => isSameValue(item, b[i] as StoredValue));
  }
  const left = a as ObjectValue;
  const right = b as ObjectValue;
  const keys = new Set([...Object.keys(left), ...Object.keys(right)]);
  for (const key of keys) if ((left[key] ?? null) !== (right[key] ?? null)) return false;
  return true;
}

/** A time as Graph writes date-times: ISO 8601 UTC to the second (`2024-05-01T10:00:00Z`). */
export function toGraphDateTime(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** A stored string property, or '' when it is unset or not a string. */
export function stringValue(values: UserValues, name: string): string {
  const value = values[name];
  return typeof value === 'string' ? value : '';
}
