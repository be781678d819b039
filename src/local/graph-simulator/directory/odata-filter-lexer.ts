/**
 * Splits an OData `$filter` string into tokens: identifiers (including `$count`), literals ('…' strings
 * with '' escapes, true/false/null, numbers, GUIDs, ISO date-times) and the symbols ( ) , / :.
 */
import { filterSyntaxError } from './odata-filter-syntax-error.js';
import type { FilterLiteral } from './odata-filter-ast.js';

/** One token with its 0-based position in the filter text. */
export type FilterToken =
  | { readonly kind: 'identifier'; readonly text: string; readonly position: number }
  | { readonly kind: 'literal'; readonly literal: FilterLiteral; readonly position: number }
  | { readonly kind: 'symbol'; readonly text: '(' | ')' | ',' | '/' | ':'; readonly position: number }
  | { readonly kind: 'end'; readonly position: number };

const whitespace = /\s+/y;
const guid = /[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}(?![\w-])/y;
const dateTime = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,7})?)?(?:Z|[+-]\d{2}:\d{2})(?![\w:.])/y;
const numberPattern = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?(?![\w.-])/y;
const identifier = /[$A-Za-z_][A-Za-z0-9_]*/y;

function matchAt(pattern: RegExp, text: string, position: number): string | undefined {
  pattern.lastIndex = position;
  return pattern.exec(text)?.[0];
}

function readString(text: string, start: number): { value: string; end: number } {
  let value = '';
  let i = start + 1;
  for (;;) {
    const quote = text.indexOf("'", i);
    if (quote < 0) throw filterSyntaxError(text, start, 'unterminated string literal');
    value += text.slice(i, quote);
    if (text[quote + 1] === "'") {
      value += "'";
      i = quote + 2;
    } else return { value, end: quote + 1 };
  }
}

function keywordLiteral(word: string): FilterLiteral | undefined {
  switch (word.toLowerCase()) {
    case 'true':
      return { type: 'boolean', value: true };
    case 'false':
      return { type: 'boolean', value: false };
    case 'null':
      return { type: 'null' };
    default:
      return undefined;
  }
}

/** Tokenizes a filter; throws a 400 `BadRequest` naming the position of the first character it cannot read. */
export function tokenizeFilter(text: string): FilterToken[] {
  const tokens: FilterToken[] = [];
  let position = 0;
  while (position < text.length) {
    const space = matchAt(whitespace, text, position);
    if (space !== undefined) {
      position += space.length;
      continue;
    }
    const char = text.charAt(position);
    if (char === '(' || char === ')' || char === ',' || char === '/' || char === ':') {
      tokens.push({ kind: 'symbol', text: char, position });
      position += 1;
      continue;
    }
    if (char === "'") {
      const { value, end } = readString(text, position);
      tokens.push({ kind: 'literal', literal: { type: 'string', value }, position });
      position = end;
      continue;
    }
    const guidText = matchAt(guid, text, position);
    if (guidText !== undefined) {
      tokens.push({ kind: 'literal', literal: { type: 'guid', value: guidText.toLowerCase() }, position });
      position += guidText.length;
      continue;
    }
    const dateText = matchAt(dateTime, text, position);
    if (dateText !== undefined) {
      const epochMs = Date.parse(dateText);
      if (Number.isNaN(epochMs)) throw filterSyntaxError(text, position, `invalid date-time '${dateText}'`);
      tokens.push({ kind: 'literal', literal: { type: 'datetime', value: dateText, epochMs }, position });
      position += dateText.length;
      continue;
    }
    const numberText = matchAt(numberPattern, text, position);
    if (numberText !== undefined) {
      tokens.push({ kind: 'literal', literal: { type: 'number', value: Number(numberText) }, position });
      position += numberText.length;
      continue;
    }
    const word = matchAt(identifier, text, position);
    if (word === undefined) throw filterSyntaxError(text, position, `unexpected character '${char}'`);
    const literal = keywordLiteral(word);
    tokens.push(
      literal === undefined
        ? { kind: 'identifier', text: word, position }
        : { kind: 'literal', literal, position },
    );
    position += word.length;
  }
  tokens.push({ kind: 'end', position: text.length });
  return tokens;
}
