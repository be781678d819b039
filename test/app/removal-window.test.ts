import { describe, expect, it } from 'vitest';
import {
  admittedInWindow,
  emptyRemovalWindow,
  isBatchAdmitted,
  withAdmitted,
} from '../../src/app/removal-window.js';

const at = (iso: string) => new Date(iso);

describe('removal window', () => {
  it('counts the removals admitted in the last hour only', () => {
    let window = withAdmitted(null, 's', at('2026-01-05T08:00:30Z'), 4);
    window = withAdmitted(window, 's', at('2026-01-05T08:30:00Z'), 2);
    window = withAdmitted(window, 's', at('2026-01-05T08:30:40Z'), 1);

    expect(admittedInWindow(window, at('2026-01-05T08:59:00Z'))).toBe(7);
    expect(admittedInWindow(window, at('2026-01-05T09:10:00Z'))).toBe(3);
    expect(admittedInWindow(window, at('2026-01-05T09:31:00Z'))).toBe(0);
    expect(admittedInWindow(null, at('2026-01-05T09:31:00Z'))).toBe(0);
  });

  it('keeps one bucket per minute and drops buckets older than the hour', () => {
    let window = withAdmitted(null, 's', at('2026-01-05T08:00:10Z'), 1);
    window = withAdmitted(window, 's', at('2026-01-05T08:00:50Z'), 1);
    expect(window.buckets).toEqual([{ start: '2026-01-05T08:00:00.000Z', count: 2 }]);

    window = withAdmitted(window, 's', at('2026-01-05T09:05:00Z'), 1);
    expect(window.buckets).toEqual([{ start: '2026-01-05T09:05:00.000Z', count: 1 }]);
  });

  it('remembers the batches it admitted, the latest fifty', () => {
    let window = emptyRemovalWindow('s');
    for (let i = 0; i < 60; i++) window = withAdmitted(window, 's', at('2026-01-05T08:00:00Z'), 1, `rb-${i}`);
    expect(isBatchAdmitted(window, 'rb-59')).toBe(true);
    expect(isBatchAdmitted(window, 'rb-10')).toBe(true);
    expect(isBatchAdmitted(window, 'rb-9')).toBe(false);
    expect(isBatchAdmitted(null, 'rb-59')).toBe(false);
  });
});
