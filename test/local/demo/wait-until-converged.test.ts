import { describe, expect, it } from 'vitest';
import type { TargetObservation } from '../../../src/local/demo/target-expectation.js';
import { waitUntilConverged } from '../../../src/local/demo/wait-until-converged.js';

describe('waitUntilConverged', () => {
  it('measures the latency from the start to the first converged observation', async () => {
    let clock = 1_000;
    const observations: TargetObservation[] = [
      { converged: false, detail: 'not yet' },
      { converged: true, targetUserId: 't1' },
    ];
    const outcome = await waitUntilConverged(
      () => {
        clock += 400;
        return Promise.resolve(observations.shift() ?? { converged: false, detail: 'over' });
      },
      { startedAtMs: 1_000, timeoutMs: 5_000, pollMs: 1, now: () => clock },
    );
    expect(outcome).toEqual({ converged: true, latencyMs: 800, targetUserId: 't1' });
  });

  it('gives up at the deadline with the last thing it saw, counting errors as not yet', async () => {
    let calls = 0;
    const started = Date.now();
    const outcome = await waitUntilConverged(
      () => {
        calls += 1;
        return calls === 1
          ? Promise.resolve({ converged: false, detail: 'no user' })
          : Promise.reject(new Error('HTTP 503'));
      },
      { startedAtMs: started, timeoutMs: 100, pollMs: 10, now: Date.now },
    );
    expect(outcome).toEqual({ converged: false, detail: 'reading the target failed: HTTP 503' });
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(calls).toBeGreaterThan(2);
  });
});
