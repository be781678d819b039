import { describe, expect, it } from 'vitest';
import { settleFailedMessage, type SettleFailureInput } from '../../src/app/settle-failed-message.js';
import { SyncError } from '../../src/core/sync-errors.js';
import { createInMemoryState } from '../support/fakes/in-memory-state.js';
import { createTestClock, createTestLogger } from '../support/test-logger.js';

function setup() {
  const clock = createTestClock();
  const state = createInMemoryState({ clock });
  const rescheduled: { attempt: number; at: Date }[] = [];
  const input = (error: unknown, attempt = 0): SettleFailureInput => ({
    error,
    attempt,
    scope: 'contoso-to-fabrikam',
    messageId: 'm-1',
    body: { hello: 'world' },
    reschedule: (next, at) => {
      rescheduled.push({ attempt: next, at });
      return Promise.resolve();
    },
  });
  return {
    clock,
    state,
    rescheduled,
    input,
    deps: { deadLetters: state.deadLetters, clock, logger: createTestLogger().logger },
  };
}

describe('settleFailedMessage', () => {
  it('retries a throttled message at the time Graph asked for', async () => {
    const { clock, rescheduled, input, deps } = setup();
    const error = new SyncError('GRAPH.THROTTLED', 'slow down', { retryable: true, retryAfterMs: 7_000 });
    const settlement = await settleFailedMessage(input(error), deps);
    expect(settlement).toMatchObject({ kind: 'rescheduled', attempt: 1 });
    const delay = (rescheduled[0]?.at.getTime() ?? 0) - clock.now().getTime();
    expect(delay).toBeGreaterThanOrEqual(7_000);
    expect(delay).toBeLessThanOrEqual(8_400);
  });

  it('backs off exponentially when no Retry-After was given', async () => {
    const { clock, rescheduled, input, deps } = setup();
    const error = new SyncError('GRAPH.UNAVAILABLE', '503', { retryable: true });
    await settleFailedMessage(input(error, 3), deps, {
      maxAttempts: 10,
      baseDelayMs: 1_000,
      maxDelayMs: 60_000,
    });
    const delay = (rescheduled[0]?.at.getTime() ?? 0) - clock.now().getTime();
    expect(delay).toBeGreaterThanOrEqual(6_400);
    expect(delay).toBeLessThanOrEqual(9_600);
  });

  it('dead-letters a non-retryable failure with its code as the reason', async () => {
    const { state, rescheduled, input, deps } = setup();
    const settlement = await settleFailedMessage(input(new SyncError('SYNC.TARGET_CONFLICT', 'taken')), deps);
    expect(settlement).toEqual({ kind: 'dead-lettered', reasonCode: 'SYNC.TARGET_CONFLICT' });
    expect(rescheduled).toEqual([]);
    const letters = await state.deadLetters.list('contoso-to-fabrikam');
    expect(letters[0]).toMatchObject({
      id: 'm-1',
      reasonCode: 'SYNC.TARGET_CONFLICT',
      body: { hello: 'world' },
    });
  });

  it('keeps retrying a throttled message long after other failures would have given up', async () => {
    const { input, deps } = setup();
    const error = new SyncError('GRAPH.THROTTLED', 'slow down', { retryable: true, retryAfterMs: 10 });
    const settlement = await settleFailedMessage(input(error, 4), deps, {
      maxAttempts: 5,
      baseDelayMs: 10,
      maxDelayMs: 10,
    });
    expect(settlement.kind).toBe('rescheduled');
  });

  it('dead-letters a retryable failure once the attempts are used up', async () => {
    const { input, deps } = setup();
    const error = new SyncError('GRAPH.UNAVAILABLE', 'down', { retryable: true });
    const settlement = await settleFailedMessage(input(error, 4), deps, {
      maxAttempts: 5,
      baseDelayMs: 10,
      maxDelayMs: 10,
    });
    expect(settlement).toEqual({ kind: 'dead-lettered', reasonCode: 'RETRIES_EXHAUSTED' });
  });
});
