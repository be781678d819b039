/**
 * Key encoding for Azure Table Storage. PartitionKey and RowKey may not contain `/ \ # ?` or control
 * characters, and `%` is escaped too because some front ends decode it in URLs. Ids such as UPNs with
 * `#EXT#` or message ids with `/` therefore go through {@link encodeKey} and come back with
 * {@link decodeKey}.
 */

// `!` is the escape character, so it is escaped itself; everything escaped is below U+0100, so two hex
// digits always suffice and the encoding is unambiguous.
// eslint-disable-next-line no-control-regex -- control characters are exactly what must be escaped
const ESCAPED = /[!%/\\#?\u0000-\u001f\u007f-\u009f]/g;
const ESCAPE_SEQUENCE = /!([0-9a-f]{2})/g;
/** Azure's limit is 1 KiB per key; UTF-16 makes that 512 characters. */
const MAX_KEY_LENGTH = 512;

/**
 * Turns any string into a valid Table key that {@link decodeKey} turns back into the same string.
 *
 * @throws RangeError when the encoded key is longer than the 1 KiB Table Storage allows.
 */
export function encodeKey(value: string): string {
  const encoded = value.replace(ESCAPED, (char) => `!${char.charCodeAt(0).toString(16).padStart(2, '0')}`);
  if (encoded.length > MAX_KEY_LENGTH) {
    throw new RangeError(
      `Table key is ${encoded.length} characters once encoded; Table Storage allows ${MAX_KEY_LENGTH}.`,
    );
  }
  return encoded;
}

/** Reverses {@link encodeKey}. */
export function decodeKey(key: string): string {
  return key.replace(ESCAPE_SEQUENCE, (_match, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
}

// 10^16 - 1 ms is past the year 318000, beyond any Date we store, so inverted times never go negative.
const INVERSION_BASE = 9_999_999_999_999_999n;
const INVERTED_TIME_DIGITS = 16;

/**
 * A fixed-width key that sorts later times first: Table Storage returns rows in ascending RowKey order,
 * so a partition keyed this way reads newest first.
 *
 * @throws RangeError for an invalid date or one before 1970.
 */
export function invertedTimeKey(at: Date): string {
  const ms = at.getTime();
  if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`Cannot invert time ${String(at)}.`);
  return (INVERSION_BASE - BigInt(ms)).toString().padStart(INVERTED_TIME_DIGITS, '0');
}

/** The time encoded at the start of a key made with {@link invertedTimeKey}. */
export function timeFromInvertedKey(key: string): Date {
  const digits = key.slice(0, INVERTED_TIME_DIGITS);
  if (!/^\d{16}$/.test(digits)) throw new RangeError(`'${key}' does not start with an inverted time.`);
  return new Date(Number(INVERSION_BASE - BigInt(digits)));
}
