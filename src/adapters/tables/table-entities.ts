/**
 * Helpers the entity mappings share: validating rows read back (so a corrupted row is a clear error naming
 * its table and keys), JSON-valued properties within the 64 KiB property limit, and long text split over
 * several properties within the 1 MiB entity limit.
 */
import { z } from 'zod';
import { SyncError } from '../../core/sync-errors.js';
import { describeOperation, type TableOperation } from './table-errors.js';

/** A string property holds at most 64 KiB, and strings are stored as UTF-16. */
export const MAX_PROPERTY_CHARS = 32 * 1024;
/**
 * The most text {@link splitText} may spread over one row: 896 KB of UTF-16, leaving room in the 1 MiB
 * entity limit for the keys, the property names and one more full-size property.
 */
export const MAX_SPLIT_TEXT_CHARS = 448 * 1024;

/** Where a row lives: its table and keys. */
export type RowLocation = Pick<TableOperation, 'table' | 'partitionKey' | 'rowKey'>;

/** A user attribute value as stored in JSON (see core/user-attributes). */
export const attributeValueSchema = z.union([
  z.string(),
  z.boolean(),
  z.number(),
  z.array(z.string()),
  z.null(),
]);

/** An ISO 8601 timestamp as the stores keep it. */
export const isoTimestampSchema = z.iso.datetime({ offset: true });

/**
 * Validates a row read from a table.
 *
 * @throws SyncError `STATE.UNAVAILABLE` (not retryable) naming the table, the keys and what is wrong;
 *   it never quotes property values, which may be secrets.
 */
export function parseRow<T>(schema: z.ZodType<T>, row: unknown, location: RowLocation): T {
  const result = schema.safeParse(row);
  if (result.success) return result.data;
  const problems = result.error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.map(String).join('.') || '(row)'}: ${issue.message}`)
    .join('; ');
  throw new SyncError(
    'STATE.UNAVAILABLE',
    `${describeOperation({ ...location, operation: 'read' })} holds a corrupted row: ${problems}.`,
    { retryable: false, details: { table: location.table } },
  );
}

/** A zod schema for a property that holds `schema`'s value as JSON text. */
export function jsonTextSchema<T>(schema: z.ZodType<T>): z.ZodType<T> {
  return z
    .string()
    .transform((text, context): unknown => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        context.addIssue({ code: 'custom', message: 'is not valid JSON' });
        return z.NEVER;
      }
    })
    .pipe(schema);
}

/**
 * Serialises `value` for a single string property.
 *
 * @throws SyncError `STATE.UNAVAILABLE` (not retryable) when the JSON exceeds the 64 KiB property limit.
 */
export function toJsonProperty(value: unknown, property: string, location: RowLocation): string {
  const text = JSON.stringify(value);
  assertPropertySize(text, property, location);
  return text;
}

/**
 * Checks a string against the 64 KiB property limit.
 *
 * @throws SyncError `STATE.UNAVAILABLE` (not retryable) naming the property, its size and the row.
 */
export function assertPropertySize(text: string, property: string, location: RowLocation): void {
  if (text.length <= MAX_PROPERTY_CHARS) return;
  throw new SyncError(
    'STATE.UNAVAILABLE',
    `${describeOperation({ ...location, operation: 'write' })}: property ${property} is ` +
      `${text.length * 2} bytes; Table Storage stores at most 65536 bytes per property.`,
    { retryable: false, details: { table: location.table, property, bytes: text.length * 2 } },
  );
}

/**
 * Splits long text over properties `<name>0`, `<name>1`, … plus `<name>Parts`, each within the 64 KiB
 * property limit. The caller checks the total against {@link MAX_SPLIT_TEXT_CHARS}.
 */
export function splitText(text: string, name: string): Record<string, string | number> {
  const properties: Record<string, string | number> = {};
  let parts = 0;
  for (let start = 0; start < text.length || parts === 0; start += MAX_PROPERTY_CHARS) {
    properties[`${name}${parts}`] = text.slice(start, start + MAX_PROPERTY_CHARS);
    parts++;
  }
  properties[`${name}Parts`] = parts;
  return properties;
}

/** Joins text written by {@link splitText}; `undefined` when a part is missing or not text. */
export function joinText(row: Readonly<Record<string, unknown>>, name: string): string | undefined {
  const parts = row[`${name}Parts`];
  if (typeof parts !== 'number' || !Number.isInteger(parts) || parts < 1) return undefined;
  let text = '';
  for (let index = 0; index < parts; index++) {
    const part = row[`${name}${index}`];
    if (typeof part !== 'string') return undefined;
    text += part;
  }
  return text;
}

/** A zod preprocessor that replaces the split properties `<name>…` by one `name` property. */
export function withJoinedText<T>(schema: z.ZodType<T>, name: string): z.ZodType<T> {
  return z.preprocess((row) => {
    if (typeof row !== 'object' || row === null) return row;
    return { ...row, [name]: joinText(row as Record<string, unknown>, name) };
  }, schema);
}
