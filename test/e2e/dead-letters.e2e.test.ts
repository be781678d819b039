/**
 * Dead letters on the local stack: a change that keeps failing past its retries is parked, counted in
 * status per sync, and after the fix `POST /api/dead-letters/replay` resubmits it with a fresh attempt count
 * so it applies.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StatusReport } from '../../src/app/sync-status.js';
import { adminFetch } from '../support/e2e-admin.js';
import { createMember, settle, waitForTargetUser } from '../support/e2e-users.js';
import { eventually, startTestStack, type TestStack } from '../support/test-stack.js';

const syncId = 'contoso-to-fabrikam';

async function deadLettersOf(stack: TestStack): Promise<{ parked: number; broker: number } | undefined> {
  const report = (await (await adminFetch(stack, '/api/status')).json()) as StatusReport;
  return report.syncs.find((sync) => sync.syncId === syncId)?.deadLetters;
}

describe('dead letters (one-to-one)', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack(
      { example: 'one-to-one.yaml' },
      { retryPolicy: { maxAttempts: 2, baseDelayMs: 50, maxDelayMs: 100 } },
    );
    await settle(stack);
  }, 60_000);
  afterAll(async () => {
    await stack.stop();
  });

  it('counts a change given up after its retries in status, and replays it after the fix', async () => {
    stack.graph.control.addFault({ tenantId: 'fabrikam', status: 503, probability: 1, retryAfterSeconds: 0 });
    const user = await createMember(stack, 'contoso', { department: 'Sales' });
    await eventually(
      async () => ((await deadLettersOf(stack))?.parked === 1 ? true : undefined),
      'a parked letter',
    );
    const [letter] = await stack.state.deadLetters.list(syncId);
    expect(letter).toMatchObject({ reasonCode: 'RETRIES_EXHAUSTED', body: { sourceUserId: user.id } });

    stack.graph.control.clearFaults();
    const replayed = await adminFetch(stack, '/api/dead-letters/replay', {
      method: 'POST',
      body: JSON.stringify({ syncId }),
    });

    expect(replayed.status).toBe(200);
    expect(await replayed.json()).toMatchObject({
      syncId,
      parked: { replayed: 1, unreadable: 0 },
      broker: 0,
    });
    await waitForTargetUser(stack, 'fabrikam', user);
    await settle(stack);
    expect(await deadLettersOf(stack)).toEqual({ parked: 0, broker: 0 });
  }, 30_000);
});
