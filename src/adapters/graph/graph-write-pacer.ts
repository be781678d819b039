/**
 * Client-side pacing of Graph writes per target tenant, so the apply calls of one process spend the
 * tenant's write quota instead of overshooting it into 429s (reference/graph-api.md §6.2). Graph counts
 * throttled calls against the quota too, so a 429 storm slows a sync down rather than just wasting calls.
 *
 * Each budget is a token bucket shaped like the documented quota: a burst of one window's worth, refilled
 * at limit / window (3,000 writes per 150 s per app and tenant; 150 invitations per 5 s per tenant). Writes
 * reserve tokens in arrival order, so concurrent callers get successive slots instead of racing for the
 * same one. Graph's answers correct the estimate: a 429's Retry-After blocks the budget until then, and
 * `x-ms-throttle-limit-percentage` (sent above 80 % use) caps what the bucket believes is left — the quota
 * is shared with other instances and apps this process cannot see.
 */

/** A documented quota: `limit` operations per `windowMs`. */
export interface WriteQuota {
  readonly limit: number;
  readonly windowMs: number;
}

/** Per app and tenant: 3,000 writes per 2 min 30 s. */
export const documentedWriteQuota: WriteQuota = { limit: 3_000, windowMs: 150_000 };
/** Per tenant: 150 invitations per 5 s. */
export const documentedInvitationQuota: WriteQuota = { limit: 150, windowMs: 5_000 };

/** What one request spends: writes, and how many of them are invitations. */
export interface WriteDemand {
  readonly writes: number;
  readonly invitations: number;
}

/** Graph's answer to a paced request, as far as pacing cares. */
export interface WriteFeedback {
  readonly status: number;
  /** Retry-After in milliseconds, when Graph sent one. */
  readonly retryAfterMs?: number;
  /** `x-ms-throttle-limit-percentage` as a fraction (0.8–1.8), when sent. */
  readonly limitPercentage?: number;
  /** `x-ms-throttle-information`, e.g. `WriteLimitExceeded`. */
  readonly throttleInformation?: string;
}

/** Either the request may go now (after `waitedMs`), or it should be retried after `retryAfterMs`. */
export type PaceOutcome = { readonly waitedMs: number } | { readonly retryAfterMs: number };

/** The pacer of one tenant. */
export interface WritePacer {
  /**
   * Reserves the demand's tokens and resolves when the request may be sent. A wait longer than `maxWaitMs`
   * reserves nothing and resolves to `{ retryAfterMs }` instead, so a caller never holds a worker for long.
   */
  acquire(demand: WriteDemand, maxWaitMs: number): Promise<PaceOutcome>;
  /** Learns from Graph's answer to a request that was paced with `demand`. */
  observe(demand: WriteDemand, feedback: WriteFeedback): void;
}

/** One pacer per tenant id, shared by every client of the process. */
export interface WritePacers {
  forTenant(tenantId: string): WritePacer;
}

/** Quotas and time sources of the pacers; the defaults are Graph's documented quotas and real time. */
export interface WritePacerOptions {
  readonly writes?: WriteQuota;
  readonly invitations?: WriteQuota;
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
}

// Graph may send a 429 without Retry-After; then wait this long before the next write.
const defaultBlockMs = 1_000;

/** Creates the pacer registry of a process (one pacer per tenant, created on first use). */
export function createWritePacers(options: WritePacerOptions = {}): WritePacers {
  const pacers = new Map<string, WritePacer>();
  return {
    forTenant(tenantId) {
      const key = tenantId.toLowerCase();
      let pacer = pacers.get(key);
      if (pacer === undefined) {
        pacer = createWritePacer(options);
        pacers.set(key, pacer);
      }
      return pacer;
    },
  };
}

/** Creates the pacer of one tenant. */
export function createWritePacer(options: WritePacerOptions = {}): WritePacer {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const writes = createBudget(options.writes ?? documentedWriteQuota, now());
  const invitations = createBudget(options.invitations ?? documentedInvitationQuota, now());
  const budgetsOf = (demand: WriteDemand): [Budget, number][] => [
    [writes, demand.writes],
    ...(demand.invitations > 0 ? [[invitations, demand.invitations] as [Budget, number]] : []),
  ];

  return {
    async acquire(demand, maxWaitMs) {
      const startedAt = now();
      const drawn = budgetsOf(demand);
      const readyAt = Math.max(...drawn.map(([budget, amount]) => budget.readyAt(amount, startedAt)));
      if (readyAt - startedAt > maxWaitMs) return { retryAfterMs: Math.ceil(readyAt - startedAt) };
      for (const [budget, amount] of drawn) budget.take(amount, startedAt);
      for (let at = startedAt; at < readyAt; at = now()) await sleep(readyAt - at);
      // A 429 that arrived meanwhile blocks the budget longer than the slot said: honour it too.
      for (;;) {
        const at = now();
        const blockedUntil = Math.max(...drawn.map(([budget]) => budget.blockedUntil));
        if (blockedUntil <= at) return { waitedMs: at - startedAt };
        if (blockedUntil - startedAt > maxWaitMs) return { retryAfterMs: Math.ceil(blockedUntil - at) };
        await sleep(blockedUntil - at);
      }
    },

    observe(demand, feedback) {
      const at = now();
      if (feedback.status === 429) {
        const information = feedback.throttleInformation ?? '';
        // An invitation refused for its own quota must not stop the other writes.
        const invitationLimit =
          demand.invitations > 0 && (/invitation/i.test(information) || information === '');
        (invitationLimit ? invitations : writes).block(at + (feedback.retryAfterMs ?? defaultBlockMs), at);
        return;
      }
      const used = feedback.limitPercentage;
      if (used !== undefined && Number.isFinite(used) && used > 0) {
        (demand.invitations > 0 ? invitations : writes).capAt(1 - Math.min(used, 1), at);
      }
    },
  };
}

interface Budget {
  blockedUntil: number;
  /** When `amount` tokens will be there (never before `blockedUntil`). */
  readyAt(amount: number, at: number): number;
  /** Takes `amount` tokens; the balance may go negative, which later callers wait out. */
  take(amount: number, at: number): void;
  /** Graph refused a call: nothing goes before `until`, when one call fits again. */
  block(until: number, at: number): void;
  /** Graph says only `fraction` of the quota is left: believe no more than that. */
  capAt(fraction: number, at: number): void;
}

function createBudget(quota: WriteQuota, createdAt: number): Budget {
  const capacity = quota.limit;
  const perMs = quota.limit / quota.windowMs;
  let tokens = capacity;
  let updatedAt = createdAt;
  const refill = (at: number): void => {
    if (at <= updatedAt) return;
    tokens = Math.min(capacity, tokens + (at - updatedAt) * perMs);
    updatedAt = at;
  };
  const budget: Budget = {
    blockedUntil: Number.NEGATIVE_INFINITY,
    readyAt(amount, at) {
      refill(at);
      const missing = Math.min(amount, capacity) - tokens;
      // After a block, refilling starts only when the block ends.
      const refillFrom = Math.max(at, updatedAt);
      // Whole milliseconds, as timers count; floating-point dust (1e-6) is no reason to wait longer.
      const ready = missing <= 1e-6 ? at : Math.ceil(refillFrom + missing / perMs - 1e-6);
      return Math.max(budget.blockedUntil, ready);
    },
    take(amount, at) {
      refill(at);
      tokens -= Math.min(amount, capacity);
    },
    block(until, at) {
      refill(at);
      budget.blockedUntil = Math.max(budget.blockedUntil, until);
      // Graph's Retry-After is when one more call fits: the quota is spent until then, and refills after.
      tokens = Math.min(tokens, 1);
      updatedAt = Math.max(updatedAt, until);
    },
    capAt(fraction, at) {
      refill(at);
      tokens = Math.min(tokens, fraction * capacity);
    },
  };
  return budget;
}
