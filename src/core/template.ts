/**
 * Mapping templates: text with `{attribute}` placeholders, e.g. `{givenName} {surname} (Contoso)`.
 * `{{` and `}}` stand for literal braces.
 */
import type { AttributeValue, UserAttributes } from './user-attributes.js';

/** A parsed template: literal text and placeholder names, in order. */
export type TemplatePart =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'placeholder'; readonly attribute: string };

/** The result of {@link parseTemplate}: the parts, or what is wrong with the text. */
export type ParsedTemplate =
  | { readonly ok: true; readonly parts: readonly TemplatePart[] }
  | { readonly ok: false; readonly error: string };

const placeholderName = /^[A-Za-z][A-Za-z0-9_]*$/;

/** Parses a template; an unclosed or empty placeholder, or a lone `}`, is an error, never literal text. */
export function parseTemplate(template: string): ParsedTemplate {
  const parts: TemplatePart[] = [];
  let text = '';
  let index = 0;
  while (index < template.length) {
    const char = template.charAt(index);
    const next = template.charAt(index + 1);
    if ((char === '{' && next === '{') || (char === '}' && next === '}')) {
      text += char;
      index += 2;
    } else if (char === '}') {
      return {
        ok: false,
        error: `unexpected '}' at character ${index + 1} (write '}}' for a literal brace)`,
      };
    } else if (char === '{') {
      const end = template.indexOf('}', index + 1);
      if (end === -1)
        return { ok: false, error: `placeholder at character ${index + 1} is not closed with '}'` };
      const attribute = template.slice(index + 1, end).trim();
      if (!placeholderName.test(attribute)) {
        return {
          ok: false,
          error: `'{${attribute}}' is not an attribute placeholder (write '{{' for a literal brace)`,
        };
      }
      if (text !== '') parts.push({ kind: 'text', text });
      text = '';
      parts.push({ kind: 'placeholder', attribute });
      index = end + 1;
    } else {
      text += char;
      index += 1;
    }
  }
  if (text !== '') parts.push({ kind: 'text', text });
  return { ok: true, parts };
}

/** The attribute names a template reads, in order of first use. */
export function templatePlaceholders(parts: readonly TemplatePart[]): readonly string[] {
  const names = parts.flatMap((part) => (part.kind === 'placeholder' ? [part.attribute] : []));
  return [...new Set(names)];
}

/**
 * Renders a template. Empty placeholders render as nothing and runs of spaces left behind are collapsed and
 * trimmed; when every placeholder is empty the result is null, so "{givenName} {surname}" never becomes " ".
 */
export function renderTemplate(parts: readonly TemplatePart[], attributes: UserAttributes): string | null {
  let anyValue = false;
  let hasPlaceholder = false;
  let rendered = '';
  for (const part of parts) {
    if (part.kind === 'text') {
      rendered += part.text;
      continue;
    }
    hasPlaceholder = true;
    const value = asText(attributes[part.attribute]);
    if (value !== '') anyValue = true;
    rendered += value;
  }
  if (hasPlaceholder && !anyValue) return null;
  const tidy = rendered.replace(/ {2,}/g, ' ').trim();
  return tidy === '' ? null : tidy;
}

function asText(value: AttributeValue | undefined): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean' || typeof value === 'number') return String(value);
  return value[0] ?? '';
}
