import { describe, expect, it } from 'vitest';
import { CliError } from '../../src/cli/cli-error.js';
import { parseTimeBound } from '../../src/cli/time-bound.js';

const now = new Date('2025-03-10T12:00:00.000Z');

function parse(text: string): string {
  return parseTimeBound(text, now, '--since').toISOString();
}

describe('parseTimeBound', () => {
  it.each([
    ['90s', '2025-03-10T11:58:30.000Z'],
    ['30m', '2025-03-10T11:30:00.000Z'],
    ['1h', '2025-03-10T11:00:00.000Z'],
    ['2d', '2025-03-08T12:00:00.000Z'],
    ['1w', '2025-03-03T12:00:00.000Z'],
  ])('counts %s back from now', (text, expected) => {
    expect(parse(text)).toBe(expected);
  });

  it('reads an ISO date as midnight UTC', () => {
    expect(parse('2025-03-01')).toBe('2025-03-01T00:00:00.000Z');
  });

  it('reads a date-time without an offset as UTC and honours an explicit offset', () => {
    expect(parse('2025-03-01T10:15')).toBe('2025-03-01T10:15:00.000Z');
    expect(parse('2025-03-01T10:15:00+02:00')).toBe('2025-03-01T08:15:00.000Z');
  });

  it.each(['yesterday', '1.5h', '-1h', '30', '2025-02-30', '2025-03-01T25:00:00Z'])(
    'rejects %s as a usage error',
    (text) => {
      let caught: unknown;
      try {
        parse(text);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(CliError);
      expect((caught as CliError).exitCode).toBe(2);
      expect((caught as CliError).message).toContain(`--since '${text}'`);
    },
  );

  it('rejects a duration further back than ten years', () => {
    expect(() => parse('5000d')).toThrow(/more than 10 years/);
  });
});
