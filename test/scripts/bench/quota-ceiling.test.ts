import { describe, expect, it } from 'vitest';
import { quotaBound } from '../../../scripts/bench/quota-ceiling.js';

describe('quotaBound', () => {
  it('finds no bound when every write fits in the bursts of full buckets', () => {
    expect(quotaBound({ writes: 200, invitations: 100 }, 'real')).toEqual({ minimumMs: 0, binding: null });
  });

  it('names the invitation quota when invitations are what runs out first', () => {
    // 600 invitations: a burst of 150, then 30 per second.
    expect(quotaBound({ writes: 1_200, invitations: 600 }, 'real')).toEqual({
      minimumMs: 15_000,
      binding: 'invitations',
    });
  });

  it('names the app+tenant write quota once writes outgrow its burst', () => {
    // 6,000 writes: a burst of 3,000, then 20 per second.
    expect(quotaBound({ writes: 6_000, invitations: 3_000 }, 'real')).toEqual({
      minimumMs: 150_000,
      binding: 'app+tenant writes',
    });
  });

  it('shrinks the bursts but keeps the rates under a scaled throttle', () => {
    // Scale 0.01: a burst of 30 writes, still 20 per second.
    expect(quotaBound({ writes: 1_200, invitations: 600 }, { scale: 0.01 })).toEqual({
      minimumMs: 58_500,
      binding: 'app+tenant writes',
    });
  });

  it('refuses negative counts', () => {
    expect(() => quotaBound({ writes: -1, invitations: 0 }, 'real')).toThrow(RangeError);
  });
});
