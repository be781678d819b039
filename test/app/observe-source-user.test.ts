import { describe, expect, it } from 'vitest';
import type { TargetChange } from '../../src/app/messages.js';
import { observeSourceUser, type ObserveContext } from '../../src/app/observe-source-user.js';
import type { DeltaUserChange, MirroredUser, Stored } from '../../src/app/ports.js';
import { aSourceUser, aSync, sourceUserId, tenantIds, testAnchorAttribute } from '../support/builders.js';
import { createTestLogger } from '../support/test-logger.js';

const sync = aSync();

function context(overrides: Partial<ObserveContext> = {}): ObserveContext {
  return {
    sourceTenantId: tenantIds.contoso,
    syncs: [sync],
    anchorAttribute: testAnchorAttribute,
    roundId: 'round-1',
    roundIsFull: false,
    correlationId: 'corr-1',
    now: new Date('2026-01-05T09:00:00.000Z'),
    logger: createTestLogger().logger,
    ...overrides,
  };
}

const present: DeltaUserChange = { kind: 'present', user: { id: sourceUserId, attributes: aSourceUser() } };
const leaves: DeltaUserChange = { kind: 'removed', id: sourceUserId, reason: 'changed' };

/** Observes `changes` one after another, each against the mirror entry the previous one left. */
function observeAll(changes: readonly DeltaUserChange[]): Stored<MirroredUser> | null {
  let stored: Stored<MirroredUser> | null = null;
  for (const change of changes) {
    const { mirror } = observeSourceUser(change, stored, context());
    if (mirror) stored = { value: mirror, etag: 'etag' };
  }
  return stored;
}

function removalOf(messages: readonly TargetChange[]): Extract<TargetChange, { kind: 'remove' }> {
  const [message] = messages;
  if (message?.kind !== 'remove') throw new Error(`expected one removal, got ${JSON.stringify(messages)}`);
  return message;
}

describe('observeSourceUser', () => {
  it('marks a removal it sends again only because the sync is in the reset list as republished', () => {
    const removed = observeAll([present, leaves]);

    const { messages } = observeSourceUser(leaves, removed, context({ resetSyncIds: new Set([sync.id]) }));

    expect(removalOf(messages)).toMatchObject({ kind: 'remove', republished: true });
    expect(removalOf(messages).sourceVersion).toBeGreaterThan(removed?.value.version ?? 0);
  });

  it('does not mark a removal whose decision changed, even in a reset round', () => {
    const joined = observeAll([present]);

    const reset = observeSourceUser(leaves, joined, context({ resetSyncIds: new Set([sync.id]) }));
    const live = observeSourceUser(leaves, joined, context());

    expect(removalOf(reset.messages).republished).toBeUndefined();
    expect(removalOf(live.messages).republished).toBeUndefined();
  });
});
