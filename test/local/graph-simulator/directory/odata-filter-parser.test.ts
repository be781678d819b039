import { describe, expect, it } from 'vitest';
import { parseFilter } from '../../../../src/local/graph-simulator/directory/odata-filter-parser.js';
import { graphErrorOf } from './directory-fixture.js';

describe('parseFilter', () => {
  it('binds and tighter than or', () => {
    const ast = parseFilter("a eq 'x' or b eq 'y' and c eq 'z'");
    expect(ast).toMatchObject({
      kind: 'logical',
      operator: 'or',
      left: { kind: 'comparison', left: { path: ['a'] } },
      right: { kind: 'logical', operator: 'and' },
    });
  });

  it('lets parentheses override precedence', () => {
    const ast = parseFilter("(a eq 'x' or b eq 'y') and c eq 'z'");
    expect(ast).toMatchObject({
      kind: 'logical',
      operator: 'and',
      left: { kind: 'logical', operator: 'or' },
    });
  });

  it('applies not to the comparison after it, not to the whole conjunction', () => {
    const ast = parseFilter("not a eq 'x' and b eq 'y'");
    expect(ast).toMatchObject({
      kind: 'logical',
      operator: 'and',
      left: { kind: 'not', operand: { kind: 'comparison', operator: 'eq' } },
    });
  });

  it('reads every literal type', () => {
    const literals = [
      ["'it''s'", { type: 'string', value: "it's" }],
      ['true', { type: 'boolean', value: true }],
      ['null', { type: 'null' }],
      ['42', { type: 'number', value: 42 }],
      [
        '4A8B0C2D-0000-4000-8000-000000000001',
        { type: 'guid', value: '4a8b0c2d-0000-4000-8000-000000000001' },
      ],
      ['2024-05-01T10:00:00Z', { type: 'datetime', epochMs: Date.parse('2024-05-01T10:00:00Z') }],
    ] as const;
    for (const [text, literal] of literals) {
      expect(parseFilter(`p eq ${text}`)).toMatchObject({ right: { kind: 'literal', literal } });
    }
  });

  it('reads functions case-insensitively', () => {
    expect(parseFilter("startswith(displayName,'Ad')")).toMatchObject({
      kind: 'function',
      name: 'startsWith',
      target: { path: ['displayName'] },
      argument: { literal: { value: 'Ad' } },
    });
    expect(parseFilter("ENDSWITH(mail,'@contoso.com')")).toMatchObject({
      kind: 'function',
      name: 'endsWith',
    });
  });

  it('reads in lists', () => {
    expect(parseFilter("department in ('Sales', 'Marketing')")).toMatchObject({
      kind: 'in',
      values: [
        { type: 'string', value: 'Sales' },
        { type: 'string', value: 'Marketing' },
      ],
    });
  });

  it('reads lambdas over strings and objects', () => {
    expect(parseFilter("otherMails/any(x:x eq 'a@b.example')")).toMatchObject({
      kind: 'lambda',
      operator: 'any',
      collection: ['otherMails'],
      variable: 'x',
      predicate: { kind: 'comparison', left: { path: ['x'] } },
    });
    expect(
      parseFilter("identities/any(i:i/issuer eq 'contoso.com' and i/issuerAssignedId eq 'adele')"),
    ).toMatchObject({
      kind: 'lambda',
      predicate: { kind: 'logical', operator: 'and', left: { left: { path: ['i', 'issuer'] } } },
    });
  });

  it('reads property paths and collection counts', () => {
    expect(parseFilter("onPremisesExtensionAttributes/extensionAttribute1 eq 'x'")).toMatchObject({
      left: { kind: 'property', path: ['onPremisesExtensionAttributes', 'extensionAttribute1'] },
    });
    expect(parseFilter('otherMails/$count eq 0')).toMatchObject({
      left: { kind: 'count', path: ['otherMails'] },
    });
  });

  it('turns a function compared with false into its negation', () => {
    expect(parseFilter("startsWith(displayName,'A') eq false")).toMatchObject({
      kind: 'not',
      operand: { kind: 'function' },
    });
  });

  it.each([
    ["displayName eq 'Adele", 15, 'unterminated string literal'],
    ["displayName eq 'x' and", 22, 'expected a property or a literal but found end of input'],
    ["displayName equals 'x'", 12, "unknown operator 'equals'"],
    ["(displayName eq 'x'", 19, "expected ')' but found end of input"],
    ["displayName eq 'x')", 18, "unexpected ')'"],
    ['displayName eq #', 15, "unexpected character '#'"],
    ["department in 'Sales'", 14, "expected '(' but found a literal"],
  ])('reports %s as a syntax error at position %i', (filter, position, detail) => {
    const error = graphErrorOf(() => parseFilter(filter));
    expect(error.status).toBe(400);
    expect(error.code).toBe('BadRequest');
    expect(error.message).toBe(
      `Invalid filter clause: Syntax error at position ${position} in '${filter}': ${detail}.`,
    );
  });

  it('rejects an empty filter', () => {
    expect(graphErrorOf(() => parseFilter('   ')).message).toContain('expected an expression');
  });
});
