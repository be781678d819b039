import { describe, expect, it } from 'vitest';
import { planChanges } from '../../../scripts/bench/latency-plan.js';

describe('planChanges', () => {
  it('cycles joiner, mover, leaver at the given pace', () => {
    const plan = planChanges(4, 10);
    expect(plan.changes.map((change) => [change.kind, change.offsetMs])).toEqual([
      ['joiner', 0],
      ['mover', 100],
      ['leaver', 200],
      ['joiner', 300],
    ]);
  });

  it('gives every mover and leaver a base user of its own', () => {
    const plan = planChanges(7, 5);
    const baseUsers = plan.changes.flatMap((change) =>
      change.baseUser === undefined ? [] : [change.baseUser],
    );
    expect(baseUsers).toEqual([0, 1, 2, 3]);
    expect(plan.baseUsers).toBe(4);
    expect(
      plan.changes.filter((change) => change.kind === 'joiner').every((c) => c.baseUser === undefined),
    ).toBe(true);
  });

  it('refuses a rate that is not positive', () => {
    expect(() => planChanges(3, 0)).toThrow(RangeError);
  });
});
