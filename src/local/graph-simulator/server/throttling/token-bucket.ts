/**
 * A token bucket: `capacity` tokens, refilled continuously at `refillPerMs`. It models Graph's "N requests
 * per window" limits with the same sustained rate and a burst of one window's worth.
 */

/** A bucket whose state moves with the time passed to each call. */
export interface TokenBucket {
  /** Milliseconds until `amount` tokens are available (0 when they are now). */
  waitMs(amount: number, now: number): number;
  /** Removes `amount` tokens (call only after `waitMs` returned 0). */
  take(amount: number, now: number): void;
  /** Fraction of the capacity in use, 0..1. */
  usage(now: number): number;
  /** Changes the capacity (a tenant moving between size tiers) without creating tokens. */
  resize(capacity: number, refillPerMs: number): void;
}

/** Creates a full bucket. */
export function createTokenBucket(capacity: number, refillPerMs: number, now: number): TokenBucket {
  let size = capacity;
  let rate = refillPerMs;
  let tokens = capacity;
  let updatedAt = now;
  const refill = (at: number): void => {
    if (at > updatedAt) {
      tokens = Math.min(size, tokens + (at - updatedAt) * rate);
      updatedAt = at;
    }
  };
  // A request larger than the whole bucket could never pass; it is charged as a full bucket instead.
  const clamp = (amount: number): number => Math.min(amount, size);
  return {
    waitMs: (amount, at) => {
      refill(at);
      const missing = clamp(amount) - tokens;
      return missing <= 0 ? 0 : missing / rate;
    },
    take: (amount, at) => {
      refill(at);
      tokens -= clamp(amount);
    },
    usage: (at) => {
      refill(at);
      return Math.max(0, (size - tokens) / size);
    },
    resize: (capacity_, refillPerMs_) => {
      size = capacity_;
      rate = refillPerMs_;
      tokens = Math.min(tokens, size);
    },
  };
}
