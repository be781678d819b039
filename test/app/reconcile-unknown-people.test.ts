import { describe, expect, it } from 'vitest';
import { checkSourceUsers, mirrorRebuildDrain } from '../../src/app/reconcile-unknown-people.js';
import { tenantIds, testAnchorAttribute } from '../support/builders.js';
import { createFakeUserDirectory } from '../support/fakes/fake-user-directory.js';
import { createTestClock } from '../support/test-logger.js';

describe('checkSourceUsers', () => {
  it('tells the users Graph still has from those it no longer has, and leaves those over the budget', async () => {
    const source = createFakeUserDirectory(tenantIds.contoso, testAnchorAttribute);
    const alive = source.addUser({ displayName: 'Still here' });
    let beats = 0;
    const check = await checkSourceUsers(source, ['gone-1', alive, 'gone-2'], {
      max: 2,
      heartbeat: () => {
        beats += 1;
        return Promise.resolve();
      },
      heartbeatEvery: 1,
    });
    expect(check).toEqual({
      gone: new Set(['gone-1']),
      present: new Set([alive]),
      unchecked: new Set(['gone-2']),
      reads: 2,
    });
    expect(beats).toBe(2);
  });
});

describe('mirrorRebuildDrain', () => {
  it('asks for one full round of the source per run', () => {
    const drain = mirrorRebuildDrain(tenantIds.contoso, 'run-1', createTestClock());
    expect(drain).toMatchObject({ kind: 'drain', reason: 'resync', sourceTenantId: tenantIds.contoso });
    expect(drain.resetSyncIds).toBeUndefined();
    expect(drain.dedupeKey).toBe(`reconcile-mirror:run-1:${tenantIds.contoso}`);
  });
});
