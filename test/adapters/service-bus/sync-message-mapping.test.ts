import { describe, expect, it } from 'vitest';
import {
  toDrainMessage,
  toTargetChangeMessage,
} from '../../../src/adapters/service-bus/sync-message-mapping.js';
import { isSyncError } from '../../../src/core/sync-errors.js';
import {
  aDrainRequest,
  aTargetChange,
  aUserId,
  tenants,
} from '../../support/contracts/sync-queue-messages.js';

describe('toDrainMessage', () => {
  it('sends a drain in the session of its source tenant, under its dedupe-key message id', () => {
    const message = toDrainMessage(aDrainRequest({ dedupeKey: 'sub-9:n-7', attempt: 2 }));

    expect(message).toEqual({
      body: aDrainRequest({ dedupeKey: 'sub-9:n-7', attempt: 2 }),
      messageId: 'd:sub-9:n-7:a2',
      sessionId: tenants.sourceA,
      applicationProperties: { sourceTenantId: tenants.sourceA },
      contentType: 'application/json',
      subject: 'drain',
    });
  });

  it('refuses a drain that breaks its schema, naming the field', () => {
    const failure: unknown = (() => {
      try {
        return toDrainMessage(aDrainRequest({ sourceTenantId: 'tenant-a' }));
      } catch (error) {
        return error;
      }
    })();

    expect(isSyncError(failure, 'MESSAGE.INVALID')).toBe(true);
    expect((failure as Error).message).toContain('sourceTenantId');
  });
});

describe('toTargetChangeMessage', () => {
  it('routes by a lower-case targetTenantId and keeps one session per sync and source user', () => {
    const change = aTargetChange({ targetTenantId: tenants.targetB.toUpperCase(), sourceVersion: 7 });

    const message = toTargetChangeMessage(change);

    expect(message).toMatchObject({
      messageId: `a-to-b:${aUserId(1)}:v7:u${change.desired.hash.slice(0, 8)}:a0`,
      sessionId: `a-to-b:${aUserId(1)}`,
      applicationProperties: { targetTenantId: tenants.targetB, syncId: 'a-to-b' },
      contentType: 'application/json',
      subject: 'upsert',
    });
    expect(message.body).toEqual(change);
  });

  it('names removals by their kind', () => {
    const { desired: _desired, ...rest } = aTargetChange();
    const message = toTargetChangeMessage({ ...rest, kind: 'remove', reason: 'disabled' });

    expect(message.subject).toBe('remove');
    expect(message.messageId).toMatch(/:d[a-z-]{1,8}:a0$/);
  });
});
