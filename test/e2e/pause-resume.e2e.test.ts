/**
 * Pausing and resuming a sync on the local stack: while paused, changes are logged as skipped and nothing
 * reaches the target, but the drain keeps reading; resuming re-checks every user, so the change made while
 * paused is applied. The admin endpoints refuse calls without the key (401), bad bodies (400 naming the
 * field) and unknown syncs (404).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StatusReport } from '../../src/app/sync-status.js';
import { adminFetch } from '../support/e2e-admin.js';
import { createMember, settle, waitForTargetUser } from '../support/e2e-users.js';
import { eventually, startTestStack, type TestStack } from '../support/test-stack.js';

const syncId = 'contoso-to-fabrikam';
const contoso = '11111111-1111-4111-8111-111111111111';

describe('pause and resume (one-to-one)', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack({ example: 'one-to-one.yaml' });
    await settle(stack);
  }, 60_000);
  afterAll(async () => {
    await stack.stop();
  });

  it('refuses calls without a valid key, bad bodies naming the field, and unknown syncs', async () => {
    for (const [method, path] of [
      ['POST', `/api/syncs/${syncId}/pause`],
      ['POST', `/api/syncs/${syncId}/resume`],
      ['GET', '/api/status'],
      ['GET', '/api/guards'],
      ['POST', '/api/guards/66666666-6666-4666-8666-666666666666/approve'],
      ['POST', '/api/dead-letters/replay'],
    ] as const) {
      expect((await adminFetch(stack, path, { method, key: null })).status, `${method} ${path}`).toBe(401);
      expect((await adminFetch(stack, path, { method, key: 'wrong-key' })).status, `${method} ${path}`).toBe(
        401,
      );
    }

    const badBody = await adminFetch(stack, `/api/syncs/${syncId}/pause`, {
      method: 'POST',
      body: '{"reason": 42}',
    });
    expect(badBody.status).toBe(400);
    expect(((await badBody.json()) as { error: { message: string } }).error.message).toContain("'reason'");
    const badReplay = await adminFetch(stack, '/api/dead-letters/replay', {
      method: 'POST',
      body: '{"queue":"x"}',
    });
    expect(badReplay.status).toBe(400);
    expect(((await badReplay.json()) as { error: { message: string } }).error.message).toContain("'queue'");
    const unknown = await adminFetch(stack, '/api/syncs/no-such-sync/pause', { method: 'POST' });
    expect(unknown.status).toBe(404);
    const unknownGuard = await adminFetch(stack, '/api/guards/66666666-6666-4666-8666-666666666666/approve', {
      method: 'POST',
    });
    expect(unknownGuard.status).toBe(404);
  });

  it('skips the changes of a paused sync while the drain keeps reading, and applies them on resume', async () => {
    const paused = await adminFetch(stack, `/api/syncs/${syncId}/pause`, {
      method: 'POST',
      body: JSON.stringify({ reason: 'target maintenance' }),
    });
    expect(paused.status).toBe(200);
    const status = (await (await adminFetch(stack, '/api/status')).json()) as StatusReport;
    expect(status.syncs[0]).toMatchObject({ state: 'paused', pause: { reason: 'target maintenance' } });
    const cursorBefore = (await stack.state.cursors.get(contoso))?.value.updatedAt ?? '';

    const user = await createMember(stack, 'contoso', { department: 'Sales' });
    await eventually(
      () =>
        Promise.resolve(
          stack.provisioning.find(
            (entry) => entry.sourceUserId === user.id && entry.reason === 'sync paused',
          ),
        ),
      'the change to be skipped',
    );
    await settle(stack);

    expect(await stack.state.links.get(syncId, user.id)).toBeNull();
    expect((await stack.state.cursors.get(contoso))?.value.updatedAt ?? '').not.toBe(cursorBefore);

    const resumed = await adminFetch(stack, `/api/syncs/${syncId}/resume`, { method: 'POST' });
    expect(resumed.status).toBe(200);
    expect(await resumed.json()).toMatchObject({ wasPaused: true, fullRound: expect.any(String) as unknown });

    await waitForTargetUser(stack, 'fabrikam', user);
    const after = (await (await adminFetch(stack, '/api/status')).json()) as StatusReport;
    expect(after.syncs[0]).toMatchObject({ state: 'healthy', pause: null });
  }, 30_000);
});
