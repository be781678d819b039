import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  createWritePacer,
  createWritePacers,
  type PaceOutcome,
  type WritePacer,
} from '../../../src/adapters/graph/graph-write-pacer.js';

const write = { writes: 1, invitations: 0 };
const invitation = { writes: 1, invitations: 1 };

/** Starts `count` acquisitions at once and records, in call order, when each was let through. */
function acquireAll(pacer: WritePacer, count: number, demand = write, maxWaitMs = 60_000) {
  const passedAt: (number | null)[] = Array.from({ length: count }, () => null);
  const outcomes = Array.from({ length: count }, (_, index) =>
    pacer.acquire(demand, maxWaitMs).then((outcome: PaceOutcome) => {
      passedAt[index] = Date.now();
      return outcome;
    }),
  );
  return { passedAt, outcomes: Promise.all(outcomes) };
}

describe('createWritePacer', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 0 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('lets one window of writes through at once and gives later ones successive slots at the quota rate', async () => {
    // 2 writes per second: a burst of 2, then one every 500 ms.
    const pacer = createWritePacer({ writes: { limit: 2, windowMs: 1_000 } });
    const { passedAt, outcomes } = acquireAll(pacer, 5);
    await vi.advanceTimersByTimeAsync(5_000);
    await outcomes;
    expect(passedAt).toEqual([0, 0, 500, 1_000, 1_500]);
  });

  it('answers with the wait instead of reserving a slot further away than the caller may wait', async () => {
    const pacer = createWritePacer({ writes: { limit: 1, windowMs: 1_000 } });
    expect(await pacer.acquire(write, 0)).toEqual({ waitedMs: 0 });
    expect(await pacer.acquire(write, 500)).toEqual({ retryAfterMs: 1_000 });
    // Nothing was reserved by the refusal: the next patient caller gets the very next slot.
    const { passedAt, outcomes } = acquireAll(pacer, 1);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(await outcomes).toEqual([{ waitedMs: 1_000 }]);
    expect(passedAt).toEqual([1_000]);
  });

  it('paces invitations by their own quota without holding back other writes', async () => {
    const pacer = createWritePacer({ invitations: { limit: 1, windowMs: 1_000 } });
    const invites = acquireAll(pacer, 2, invitation);
    const writes = acquireAll(pacer, 3, write);
    await vi.advanceTimersByTimeAsync(2_000);
    await Promise.all([invites.outcomes, writes.outcomes]);
    expect(invites.passedAt).toEqual([0, 1_000]);
    expect(writes.passedAt).toEqual([0, 0, 0]);
  });

  it("holds every write until Graph's Retry-After has passed after a 429", async () => {
    const pacer = createWritePacer();
    pacer.observe(write, { status: 429, retryAfterMs: 3_000, throttleInformation: 'WriteLimitExceeded' });
    const { passedAt, outcomes } = acquireAll(pacer, 2);
    await vi.advanceTimersByTimeAsync(10_000);
    await outcomes;
    expect(passedAt[0]).toBe(3_000);
    // The quota refills from the end of the block on: 20 writes/s is one every 50 ms.
    expect(passedAt[1]).toBe(3_050);
  });

  it('also holds a write already waiting for its slot when a 429 arrives meanwhile', async () => {
    const pacer = createWritePacer({ writes: { limit: 1, windowMs: 1_000 } });
    await pacer.acquire(write, 0);
    const { passedAt, outcomes } = acquireAll(pacer, 1);
    await vi.advanceTimersByTimeAsync(100);
    pacer.observe(write, { status: 429, retryAfterMs: 2_000 });
    await vi.advanceTimersByTimeAsync(5_000);
    await outcomes;
    expect(passedAt).toEqual([2_100]);
  });

  it('blocks only invitations when an invitation hits the invitation quota', async () => {
    const pacer = createWritePacer();
    pacer.observe(invitation, {
      status: 429,
      retryAfterMs: 1_000,
      throttleInformation: 'InvitationLimitExceeded',
    });
    const invites = acquireAll(pacer, 1, invitation);
    const writes = acquireAll(pacer, 1, write);
    await vi.advanceTimersByTimeAsync(2_000);
    await Promise.all([invites.outcomes, writes.outcomes]);
    expect(invites.passedAt).toEqual([1_000]);
    expect(writes.passedAt).toEqual([0]);
  });

  it('believes no more of the burst than x-ms-throttle-limit-percentage says is left', async () => {
    // 10 writes per 10 s: one every second once the burst is gone.
    const pacer = createWritePacer({ writes: { limit: 10, windowMs: 10_000 } });
    pacer.observe(write, { status: 204, limitPercentage: 0.9 });
    const { passedAt, outcomes } = acquireAll(pacer, 2);
    await vi.advanceTimersByTimeAsync(5_000);
    await outcomes;
    expect(passedAt).toEqual([0, 1_000]);
  });

  it('treats a limit percentage above 100 % as an empty quota', async () => {
    const pacer = createWritePacer({ writes: { limit: 10, windowMs: 10_000 } });
    pacer.observe(write, { status: 204, limitPercentage: 1.4 });
    const { passedAt, outcomes } = acquireAll(pacer, 1);
    await vi.advanceTimersByTimeAsync(5_000);
    await outcomes;
    expect(passedAt).toEqual([1_000]);
  });
});

describe('createWritePacers', () => {
  it('gives each tenant one pacer, whatever the case of its id', () => {
    const pacers = createWritePacers();
    const tenant = '22222222-2222-4222-8222-22222222abcd';
    expect(pacers.forTenant(tenant.toUpperCase())).toBe(pacers.forTenant(tenant));
    expect(pacers.forTenant('11111111-1111-4111-8111-111111111111')).not.toBe(pacers.forTenant(tenant));
  });
});
