import { describe, expect, it } from 'vitest';
import { nearestRank, summarizeLatencies } from '../../../scripts/bench/percentiles.js';

describe('nearestRank', () => {
  it('returns a value some sample had: the 95th of 20 ordered samples is the 19th', () => {
    const values = Array.from({ length: 20 }, (_, index) => (20 - index) * 10);
    expect(nearestRank(values, 95)).toBe(190);
    expect(nearestRank(values, 50)).toBe(100);
    expect(nearestRank(values, 100)).toBe(200);
  });

  it('has no percentile of nothing', () => {
    expect(nearestRank([], 95)).toBeNull();
  });

  it('refuses a percentile outside (0, 100]', () => {
    expect(() => nearestRank([1], 0)).toThrow(RangeError);
  });
});

describe('summarizeLatencies', () => {
  it('reports count, p50, p95 and max', () => {
    expect(summarizeLatencies([30, 10, 20])).toEqual({ count: 3, p50Ms: 20, p95Ms: 30, maxMs: 30 });
  });
});
