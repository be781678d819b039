import { describe, expect, it } from 'vitest';
import type { ProvisioningLogEntry } from '../../src/app/ports.js';
import { createLogCursor } from '../../src/cli/log-cursor.js';
import { formatLogLine, formatLogTime, oldestFirst } from '../../src/cli/log-lines.js';

function anEntry(
  id: string,
  at: string,
  overrides: Partial<ProvisioningLogEntry> = {},
): ProvisioningLogEntry {
  return {
    id,
    at,
    syncId: 'contoso-to-fabrikam',
    sourceTenantId: '11111111-1111-4111-8111-111111111111',
    targetTenantId: '22222222-2222-4222-8222-222222222222',
    sourceUserId: 'src-1',
    targetUserId: 'tgt-1',
    action: 'update',
    outcome: 'success',
    reason: 'Changed.',
    changedAttributes: [],
    graphWrites: 1,
    durationMs: 12,
    correlationId: 'c-1',
    errorCode: null,
    errorMessage: null,
    ...overrides,
  };
}

describe('formatLogLine', () => {
  it('shows time, sync, action, outcome, users, changes and error code in that order', () => {
    const line = formatLogLine(
      anEntry('a', '2025-03-10T12:00:03.456Z', {
        action: 'disable',
        outcome: 'failure',
        changedAttributes: ['accountEnabled', 'showInAddressList'],
        errorCode: 'GRAPH.FORBIDDEN',
      }),
    );

    expect(line).toBe(
      '2025-03-10 12:00:03Z  contoso-to-fabrikam       disable  failure  src-1 → tgt-1  accountEnabled,showInAddressList  GRAPH.FORBIDDEN',
    );
  });

  it('marks a missing target user, changes and error code with a dash', () => {
    expect(formatLogLine(anEntry('a', '2025-03-10T12:00:03Z', { targetUserId: null }))).toMatch(
      /src-1 → -\s+-\s+-$/,
    );
  });
});

describe('formatLogTime', () => {
  it('shows UTC to the second', () => {
    expect(formatLogTime('2025-03-10T13:00:03.999+01:00')).toBe('2025-03-10 12:00:03Z');
  });
});

describe('oldestFirst', () => {
  it('orders by time, then by id for entries of the same instant', () => {
    const sorted = oldestFirst([
      anEntry('c', '2025-03-10T12:00:02Z'),
      anEntry('b', '2025-03-10T12:00:01Z'),
      anEntry('a', '2025-03-10T12:00:01Z'),
    ]);

    expect(sorted.map((entry) => entry.id)).toEqual(['a', 'b', 'c']);
  });
});

describe('createLogCursor', () => {
  it('starts the next poll at the last entry shown', () => {
    const cursor = createLogCursor(new Date('2025-03-10T11:00:00Z'), [
      anEntry('a', '2025-03-10T12:00:01Z'),
      anEntry('b', '2025-03-10T12:00:05Z'),
    ]);

    expect(cursor.since.toISOString()).toBe('2025-03-10T12:00:05.000Z');
  });

  it('skips entries already shown, including those sharing the last instant', () => {
    const cursor = createLogCursor(new Date('2025-03-10T11:00:00Z'), [anEntry('a', '2025-03-10T12:00:05Z')]);

    const fresh = cursor.take([
      anEntry('c', '2025-03-10T12:00:06Z'),
      anEntry('b', '2025-03-10T12:00:05Z'),
      anEntry('a', '2025-03-10T12:00:05Z'),
    ]);

    expect(fresh.map((entry) => entry.id)).toEqual(['b', 'c']);
    expect(cursor.take([anEntry('c', '2025-03-10T12:00:06Z')])).toEqual([]);
  });

  it('ignores entries older than the cursor', () => {
    const cursor = createLogCursor(new Date('2025-03-10T12:00:00Z'));

    expect(cursor.take([anEntry('old', '2025-03-10T11:59:59Z')])).toEqual([]);
  });
});
