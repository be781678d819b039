import { describe, expect, it } from 'vitest';
import {
  defaultQuarantinePolicy,
  failureOutcome,
  isQuarantineDue,
  nextBackoffMs,
} from '../../src/app/quarantine-rules.js';
import { SyncError, type SyncErrorCode } from '../../src/core/sync-errors.js';

const policy = defaultQuarantinePolicy;

describe('failureOutcome', () => {
  it.each<SyncErrorCode>([
    'GRAPH.FORBIDDEN',
    'GRAPH.UNAUTHORIZED',
    'AUTH.CREDENTIAL',
    'GRAPH.UNAVAILABLE',
    'GRAPH.NETWORK',
  ])('counts %s against the sync', (code) => {
    expect(failureOutcome(new SyncError(code, 'broken'))).toBe('failure');
  });

  it.each<SyncErrorCode>([
    'GRAPH.THROTTLED',
    'STATE.CONFLICT',
    'SYNC.TARGET_CONFLICT',
    'GRAPH.BAD_REQUEST',
    'GRAPH.NOT_FOUND',
  ])('does not count %s: throttling paces normal work, the rest concerns one user', (code) => {
    expect(failureOutcome(new SyncError(code, 'one user'))).toBe('neutral');
  });

  it('does not count failures that are not SyncErrors', () => {
    expect(failureOutcome(new Error('socket hang up'))).toBe('neutral');
  });
});

describe('isQuarantineDue', () => {
  it('waits for the minimum number of attempts, however many failed', () => {
    expect(isQuarantineDue({ attempts: 19, failures: 19 }, policy)).toBe(false);
    expect(isQuarantineDue({ attempts: 20, failures: 20 }, policy)).toBe(true);
  });

  it('quarantines only above 40 % failures', () => {
    expect(isQuarantineDue({ attempts: 20, failures: 8 }, policy)).toBe(false);
    expect(isQuarantineDue({ attempts: 20, failures: 9 }, policy)).toBe(true);
  });
});

describe('nextBackoffMs', () => {
  it('doubles the back-off from one minute up to six hours', () => {
    const steps = [60_000];
    for (let i = 0; i < 10; i++) steps.push(nextBackoffMs(steps.at(-1) ?? 0, policy));
    expect(steps.slice(0, 5)).toEqual([60_000, 120_000, 240_000, 480_000, 960_000]);
    expect(steps.at(-1)).toBe(6 * 60 * 60_000);
  });
});
