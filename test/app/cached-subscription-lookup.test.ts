import { describe, expect, it } from 'vitest';
import { cacheSubscriptionLookups } from '../../src/app/cached-subscription-lookup.js';
import type { SubscriptionRecord } from '../../src/app/ports.js';
import { createInMemoryState } from '../support/fakes/in-memory-state.js';
import { createTestClock } from '../support/test-logger.js';

const record: SubscriptionRecord = {
  id: '7f105c7d-2dc5-4530-97cd-4e7ae6534c07',
  tenantId: '11111111-1111-4111-8111-111111111111',
  resource: 'users',
  notificationUrl: 'https://x/api/graph-notifications',
  lifecycleNotificationUrl: 'https://x/api/graph-lifecycle',
  clientState: 'secret',
  expiresAt: '2026-02-01T00:00:00.000Z',
  createdAt: '2026-01-01T00:00:00.000Z',
  renewedAt: '2026-01-01T00:00:00.000Z',
};

function setup() {
  const clock = createTestClock();
  const store = createInMemoryState().subscriptions;
  let reads = 0;
  const counting = { ...store, get: (id: string) => ((reads += 1), store.get(id)) };
  return { clock, store, cached: cacheSubscriptionLookups(counting, clock), reads: () => reads };
}

describe('cacheSubscriptionLookups', () => {
  it('answers repeated lookups of a known subscription from memory until the entry expires', async () => {
    const { clock, store, cached, reads } = setup();
    await store.save(record);
    await cached.get(record.id);
    await cached.get(record.id);
    expect(reads()).toBe(1);
    clock.advance(31_000);
    await cached.get(record.id);
    expect(reads()).toBe(2);
  });

  it('forgets a miss quickly, so a subscription created a moment ago is found', async () => {
    const { clock, store, cached } = setup();
    expect(await cached.get(record.id)).toBeNull();
    await store.save(record);
    expect(await cached.get(record.id)).toBeNull();
    clock.advance(5_001);
    expect(await cached.get(record.id)).toEqual(record);
  });
});
