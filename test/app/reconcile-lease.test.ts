import { describe, expect, it } from 'vitest';
import { acquireLease } from '../../src/app/reconcile-lease.js';
import { createInMemoryLeaseStore } from '../support/fakes/in-memory-lease-store.js';
import { createTestClock } from '../support/test-logger.js';

function setup() {
  const clock = createTestClock();
  const store = createInMemoryLeaseStore();
  return { clock, store, options: { store, clock, ttlMs: 60_000 } };
}

describe('acquireLease', () => {
  it('gives a free lease to the first caller and reports it held to the second', async () => {
    const { options } = setup();
    const first = await acquireLease('sync:a', 'job-1', options);
    const second = await acquireLease('sync:a', 'job-2', options);
    expect(first.kind).toBe('acquired');
    expect(second).toMatchObject({ kind: 'held', holder: 'job-1' });
  });

  it('lets only one of two callers racing for a free lease win', async () => {
    const { options } = setup();
    const attempts = await Promise.all([
      acquireLease('sync:a', 'job-1', options),
      acquireLease('sync:a', 'job-2', options),
    ]);
    expect(attempts.filter((attempt) => attempt.kind === 'acquired')).toHaveLength(1);
    const held = attempts.find((attempt) => attempt.kind === 'held');
    const winner = attempts.find((attempt) => attempt.kind === 'acquired');
    expect(held).toMatchObject({ holder: winner?.kind === 'acquired' ? winner.lease.holder : '' });
  });

  it('lets the holder take its own lease again (a job reaching a sync it claimed)', async () => {
    const { options } = setup();
    await acquireLease('sync:a', 'job-1', options);
    expect((await acquireLease('sync:a', 'job-1', options)).kind).toBe('acquired');
  });

  it('frees a lease whose holder died once it expires', async () => {
    const { options, clock } = setup();
    await acquireLease('sync:a', 'job-1', options);
    clock.advance(60_001);
    expect(await acquireLease('sync:a', 'job-2', options)).toMatchObject({ kind: 'acquired' });
  });

  it('frees a released lease at once', async () => {
    const { options } = setup();
    const first = await acquireLease('sync:a', 'job-1', options);
    if (first.kind !== 'acquired') throw new Error('expected the lease');
    await first.lease.release();
    expect((await acquireLease('sync:a', 'job-2', options)).kind).toBe('acquired');
  });

  it('keeps a renewed lease past its first expiry', async () => {
    const { options, clock } = setup();
    const first = await acquireLease('sync:a', 'job-1', options);
    if (first.kind !== 'acquired') throw new Error('expected the lease');
    clock.advance(50_000);
    await first.lease.renew();
    clock.advance(50_000);
    expect(await acquireLease('sync:a', 'job-2', options)).toMatchObject({ kind: 'held', holder: 'job-1' });
  });

  it('fails the renewal of a lease that expired and was taken over, and leaves the new holder alone', async () => {
    const { options, clock, store } = setup();
    const first = await acquireLease('sync:a', 'job-1', options);
    if (first.kind !== 'acquired') throw new Error('expected the lease');
    clock.advance(60_001);
    await acquireLease('sync:a', 'job-2', options);
    await expect(first.lease.renew()).rejects.toMatchObject({ code: 'STATE.CONFLICT' });
    await first.lease.release();
    expect((await store.get('sync:a'))?.value.holder).toBe('job-2');
    expect(await acquireLease('sync:a', 'job-3', options)).toMatchObject({ kind: 'held', holder: 'job-2' });
  });
});
