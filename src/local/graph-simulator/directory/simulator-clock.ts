/** The simulator's clocks: a manual one for tests and a real-time one that can still be moved forward. */
import type { SimulatorClock } from './contract.js';

/** A clock tests and the control API can move forward. */
export interface MutableSimulatorClock extends SimulatorClock {
  /** Moves the clock forward by `ms` (not backward: delta and retention rely on time only growing). */
  advance(ms: number): void;
}

/**
 * Creates a clock that starts at `startMs` (default: the real time now) and only moves with `advance`.
 * @throws Error from `advance` when `ms` is negative or not finite.
 */
export function createSimulatorClock(startMs: number = Date.now()): MutableSimulatorClock {
  let now = startMs;
  return {
    now: () => now,
    advance(ms: number): void {
      if (!Number.isFinite(ms) || ms < 0)
        throw new Error(`The simulator clock only moves forward; advance(${ms}) is not allowed.`);
      now += ms;
    },
  };
}

/**
 * Creates a clock that follows the real time and can additionally be moved forward (the default clock
 * of `npm run graph-sim`, where a demo can still skip 30 days).
 */
export function createSystemClock(): MutableSimulatorClock {
  let offset = 0;
  let last = 0;
  return {
    // Never earlier than a previous reading, even if the system clock is set back.
    now: () => (last = Math.max(last, Date.now() + offset)),
    advance(ms: number): void {
      if (!Number.isFinite(ms) || ms < 0)
        throw new Error(`The simulator clock only moves forward; advance(${ms}) is not allowed.`);
      offset += ms;
    },
  };
}
