import { describe, expect, it } from 'vitest';
import type { RequestCost } from '../../../../../src/local/graph-simulator/server/throttling/request-cost.js';
import { createThrottler } from '../../../../../src/local/graph-simulator/server/throttling/throttler.js';

const write: RequestCost = {
  resourceUnits: 1,
  writes: 1,
  invitations: 0,
  subscriptionCalls: 0,
  subscriptionWrites: 0,
};
const invite: RequestCost = { ...write, invitations: 1 };
const readUsers: RequestCost = { ...write, resourceUnits: 2, writes: 0 };

describe('throttler', () => {
  it('allows 3,000 writes per app and tenant in a burst, then throttles with Retry-After at 20 writes/s', () => {
    let now = 0;
    const throttler = createThrottler('real', () => now);
    for (let i = 0; i < 3_000; i += 1) expect(throttler.check('app', 'tenant', 10, write).allowed).toBe(true);
    const refused = throttler.check('app', 'tenant', 10, write);
    expect(refused).toMatchObject({
      allowed: false,
      retryAfterSeconds: 0.05,
      headers: {
        'Retry-After': '0.05',
        'x-ms-throttle-scope': 'Tenant_Application/Write/app/tenant',
        'x-ms-throttle-information': 'WriteLimitExceeded',
      },
    });
    now += 50;
    expect(throttler.check('app', 'tenant', 10, write).allowed).toBe(true);
    expect(throttler.check('other-app', 'tenant', 10, write).allowed).toBe(true);
  });

  it('caps a tenant’s writes across apps at 18,000 per 5 minutes', () => {
    const throttler = createThrottler('real', () => 0);
    for (let app = 0; app < 6; app += 1) {
      for (let i = 0; i < 3_000; i += 1) throttler.check(`app-${app}`, 'tenant', 10, write);
    }
    const refused = throttler.check('app-7', 'tenant', 10, write);
    expect(refused.allowed).toBe(false);
    expect(refused.headers['x-ms-throttle-scope']).toBe('Tenant/Write/app-7/tenant');
  });

  it('limits invitations to 150 per 5 s per tenant', () => {
    const throttler = createThrottler('real', () => 0);
    for (let i = 0; i < 150; i += 1)
      expect(throttler.check(`app-${i % 3}`, 'tenant', 10, invite).allowed).toBe(true);
    expect(throttler.check('app-9', 'tenant', 10, invite).allowed).toBe(false);
  });

  it('picks the resource-unit budget by tenant size', () => {
    const small = createThrottler('real', () => 0);
    const large = createThrottler('real', () => 0);
    let smallAllowed = 0;
    let largeAllowed = 0;
    for (let i = 0; i < 4_500; i += 1) {
      if (small.check('app', 't', 10, readUsers).allowed) smallAllowed += 1;
      if (large.check('app', 't', 10_000, readUsers).allowed) largeAllowed += 1;
    }
    expect(smallAllowed).toBe(1_750);
    expect(largeAllowed).toBe(4_000);
  });

  it('reports the limit percentage once more than 80 % is used', () => {
    const throttler = createThrottler({ scale: 0.01 }, () => 0);
    const percentages = Array.from(
      { length: 30 },
      () => throttler.check('app', 't', 10, write).headers['x-ms-throttle-limit-percentage'],
    );
    expect(percentages.slice(0, 24).every((p) => p === undefined)).toBe(true);
    expect(percentages[29]).toBe('1.00');
  });

  it('keeps the rate but shortens windows under { scale }', () => {
    let now = 0;
    const throttler = createThrottler({ scale: 0.01 }, () => now);
    let allowed = 0;
    while (throttler.check('app', 't', 10, write).allowed) allowed += 1;
    expect(allowed).toBe(30);
    now += 1_000;
    let refilled = 0;
    while (throttler.check('app', 't', 10, write).allowed) refilled += 1;
    expect(refilled).toBe(20);
  });

  it('lets everything through when off, still reporting resource units', () => {
    const throttler = createThrottler('off', () => 0);
    for (let i = 0; i < 10_000; i += 1) expect(throttler.check('app', 't', 10, write).allowed).toBe(true);
    expect(throttler.check('app', 't', 10, readUsers).headers).toEqual({ 'x-ms-resource-unit': '2' });
  });
});
