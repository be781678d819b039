import { describe, expect, it } from 'vitest';
import { scrubText } from '../../../src/adapters/graph/graph-scrub.js';

describe('scrubText', () => {
  it('replaces the given secret values wherever they occur', () => {
    expect(scrubText('state abc123 and again abc123', ['abc123'])).toBe(
      'state [redacted] and again [redacted]',
    );
  });

  it('hides JWTs, bearer tokens and secret form fields', () => {
    const text = 'sent Bearer xyz.abc and eyJhbGciOi.eyJzdWIi.c2ln with client_secret=hunter2&scope=x';
    const scrubbed = scrubText(text);
    expect(scrubbed).not.toMatch(/xyz\.abc|eyJhbGciOi|hunter2/);
    expect(scrubbed).toContain('scope=x');
  });

  it('keeps one line of at most 300 characters', () => {
    const scrubbed = scrubText(`line one\nline two ${'x'.repeat(400)}`);
    expect(scrubbed.startsWith('line one line two')).toBe(true);
    expect(scrubbed).toHaveLength(300);
  });
});
