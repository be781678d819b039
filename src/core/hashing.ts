/**
 * Stable hashes of plain data: the same content gives the same hash whatever the key order, across
 * processes and releases. Desired states, mirrored source users and `$select` lists are compared by these
 * hashes, so a change here re-publishes every user once; keep the format stable.
 */
import { createHash } from 'node:crypto';

/**
 * Serializes JSON-like data with object keys sorted at every level; `undefined` object members are left
 * out (as JSON.stringify does), array order is kept because it is meaningful.
 *
 * @throws TypeError for values JSON cannot represent faithfully (functions, symbols, bigints, NaN, ±Infinity,
 * `undefined` array items), so two different inputs can never collapse into one hash.
 */
export function canonicalJson(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`Cannot hash the number ${String(value)}.`);
      return JSON.stringify(value);
    case 'object':
      return Array.isArray(value) ? canonicalArray(value) : canonicalObject(value);
    default:
      throw new TypeError(`Cannot hash a value of type ${typeof value}.`);
  }
}

function canonicalArray(items: readonly unknown[]): string {
  return `[${items
    .map((item) => {
      if (item === undefined) throw new TypeError('Cannot hash an array with undefined items.');
      return canonicalJson(item);
    })
    .join(',')}]`;
}

function canonicalObject(object: object): string {
  const members = Object.entries(object)
    .filter(([, member]) => member !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, member]) => `${JSON.stringify(key)}:${canonicalJson(member)}`);
  return `{${members.join(',')}}`;
}

/** SHA-256 of {@link canonicalJson}, as 64 lower-case hex digits. */
export function stableHash(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value), 'utf8').digest('hex');
}
