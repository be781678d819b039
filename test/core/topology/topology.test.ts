import { describe, expect, it } from 'vitest';
import { deletionLimit } from '../../../src/core/topology/topology.js';

describe('deletionLimit', () => {
  it('allows the configured number of removals', () => {
    expect(deletionLimit({ kind: 'count', count: 500 }, 20_000)).toBe(500);
  });

  it('allows a percentage of the linked users, rounded down', () => {
    expect(deletionLimit({ kind: 'percent', percent: 10 }, 1_234)).toBe(123);
  });

  it('always allows at least one removal for a percentage, so a small sync is never stuck', () => {
    expect(deletionLimit({ kind: 'percent', percent: 10 }, 3)).toBe(1);
  });
});
