import { describe, expect, it } from 'vitest';
import {
  parseTemplate,
  renderTemplate,
  templatePlaceholders,
  type TemplatePart,
} from '../../src/core/template.js';

function parts(template: string): readonly TemplatePart[] {
  const parsed = parseTemplate(template);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.parts;
}

describe('parseTemplate', () => {
  it('splits text and placeholders', () => {
    expect(parts('{givenName} {surname} (Contoso)')).toEqual([
      { kind: 'placeholder', attribute: 'givenName' },
      { kind: 'text', text: ' ' },
      { kind: 'placeholder', attribute: 'surname' },
      { kind: 'text', text: ' (Contoso)' },
    ]);
  });

  it('reads {{ and }} as literal braces', () => {
    expect(parts('{{team}} {department}')).toEqual([
      { kind: 'text', text: '{team} ' },
      { kind: 'placeholder', attribute: 'department' },
    ]);
  });

  it.each([
    ['{givenName', /not closed/],
    ['name}', /unexpected '}' at character 5/],
    ['{}', /'\{\}' is not an attribute placeholder/],
    ['{given name}', /is not an attribute placeholder/],
  ])('rejects %s', (template, error) => {
    const parsed = parseTemplate(template);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error).toMatch(error);
  });
});

describe('templatePlaceholders', () => {
  it('lists each placeholder once, in order of first use', () => {
    expect(templatePlaceholders(parts('{surname}, {givenName} {surname}'))).toEqual(['surname', 'givenName']);
  });
});

describe('renderTemplate', () => {
  it('fills placeholders from the source attributes', () => {
    expect(
      renderTemplate(parts('{givenName} {surname} (Contoso)'), { givenName: 'Adele', surname: 'Vance' }),
    ).toBe('Adele Vance (Contoso)');
  });

  it('collapses the spaces an empty placeholder leaves behind', () => {
    expect(
      renderTemplate(parts('{givenName} {middleName} {surname}'), { givenName: 'Adele', surname: 'Vance' }),
    ).toBe('Adele Vance');
  });

  it('returns null when every placeholder is empty', () => {
    expect(renderTemplate(parts('{givenName} {surname} (Contoso)'), { givenName: null })).toBeNull();
  });

  it('renders booleans, numbers and the first item of a list as text', () => {
    expect(renderTemplate(parts('{a}/{b}/{c}'), { a: true, b: 7, c: ['+31 20', '+31 30'] })).toBe(
      'true/7/+31 20',
    );
  });

  it('returns constant text as is', () => {
    expect(renderTemplate(parts('Contoso'), {})).toBe('Contoso');
  });
});
