/**
 * Time-driven reconciliation on the local stack, with xtsync's clock and the simulator's moved together
 * (no sleeping): a disabled target user is deleted once the sync's retention has passed and not before, one
 * whose source user came back first is restored instead, and the source subscription is renewed well before
 * it expires — or recreated when Graph lost it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reconcileNow } from '../support/e2e-admin.js';
import {
  createMember,
  deletedLinkedUsers,
  linkedUsers,
  settle,
  tenantIdOf,
  waitForTargetUser,
  xtsyncClientId,
  type SourceUser,
} from '../support/e2e-users.js';
import { startTestStack, type TestStack } from '../support/test-stack.js';
import { withSyncs } from '../support/topology-text.js';

const syncId = 'contoso-to-fabrikam';
const dayMs = 24 * 60 * 60_000;
const topology = withSyncs(`  - id: ${syncId}
    from: contoso
    to: fabrikam
    scope:
      filters:
        - clauses:
            - { attribute: department, operator: equals, value: Sales }
    removal: { mode: disable, deleteAfterDays: 2 }
`);

describe('reconciliation over time (one-to-one, local stack)', () => {
  let stack: TestStack;
  let offsetMs = 0;
  /** Moves xtsync's clock and the simulator's by the same amount. */
  const advance = (ms: number): void => {
    offsetMs += ms;
    stack.graph.control.advanceClock(ms);
  };
  const moveTo = async (user: SourceUser, department: string): Promise<void> => {
    await stack.admin('contoso').api(`/users/${user.id}`).patch({ department });
  };

  beforeAll(async () => {
    stack = await startTestStack(
      { source: topology },
      { timers: false, clock: { now: () => new Date(Date.now() + offsetMs) } },
    );
    await settle(stack);
  });
  afterAll(async () => {
    await stack.stop();
  });

  it('deletes a disabled target user after deleteAfterDays and not before, and restores one whose source came back', async () => {
    const leaver = await createMember(stack, 'contoso', { department: 'Sales' });
    const returner = await createMember(stack, 'contoso', { department: 'Sales' });
    const leaverTarget = await waitForTargetUser(stack, 'fabrikam', leaver);
    await waitForTargetUser(stack, 'fabrikam', returner);
    await moveTo(leaver, 'Marketing');
    await moveTo(returner, 'Marketing');
    const disabled = (user: Record<string, unknown>): boolean => user.accountEnabled === false;
    await waitForTargetUser(stack, 'fabrikam', leaver, disabled, 'the leaver disabled');
    await waitForTargetUser(stack, 'fabrikam', returner, disabled, 'the returner disabled');
    await settle(stack);

    advance(dayMs);
    // The returner comes back while notifications are lost: only reconciliation can notice.
    stack.graph.control.setKnobs({ dropRate: 1 });
    await moveTo(returner, 'Sales');
    await settle(stack);
    stack.graph.control.setKnobs({ dropRate: 0 });
    expect(await reconcileNow(stack, syncId)).toMatchObject({ status: 'done', counts: { deleted: 0 } });
    await settle(stack);
    expect(await linkedUsers(stack, 'fabrikam', leaver)).toMatchObject([{ id: leaverTarget.id }]);
    await waitForTargetUser(
      stack,
      'fabrikam',
      returner,
      (u) => u.accountEnabled === true,
      'the returner back',
    );

    advance(dayMs + 60_000);
    expect(await reconcileNow(stack, syncId)).toMatchObject({ status: 'done', counts: { deleted: 1 } });
    await settle(stack);
    expect(await linkedUsers(stack, 'fabrikam', leaver)).toEqual([]);
    expect(await deletedLinkedUsers(stack, 'fabrikam', leaver)).toMatchObject([{ id: leaverTarget.id }]);
    expect(await linkedUsers(stack, 'fabrikam', returner)).toMatchObject([{ accountEnabled: true }]);
    const log = stack.provisioning.filter((entry) => entry.sourceUserId === leaver.id);
    expect(log.at(-1)).toMatchObject({ action: 'delete', outcome: 'success', targetUserId: leaverTarget.id });
  });

  it('renews the source subscription well before it expires', async () => {
    const [before] = await stack.state.subscriptions.listByTenant(tenantIdOf(stack, 'contoso'));
    advance(15 * dayMs);
    const report = await reconcileNow(stack, syncId);
    expect(report.status).toBe('done');
    const [after] = await stack.state.subscriptions.listByTenant(tenantIdOf(stack, 'contoso'));
    expect(after?.id).toBe(before?.id);
    expect(Date.parse(after?.expiresAt ?? '')).toBeGreaterThan(
      Date.parse(before?.expiresAt ?? '') + 14 * dayMs,
    );
  });

  it('recreates the source subscription when Graph lost it, and notifications flow again', async () => {
    const contosoId = tenantIdOf(stack, 'contoso');
    const [before] = await stack.state.subscriptions.listByTenant(contosoId);
    // Someone removes it at Graph (no lifecycle event for that): xtsync's record still counts on it.
    const token = await stack.graph.control.issueAccessToken({ tenant: 'contoso', clientId: xtsyncClientId });
    const removed = await fetch(`${stack.graph.baseUrl}/v1.0/subscriptions/${before?.id ?? ''}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(removed.status).toBe(204);

    const report = await reconcileNow(stack, syncId);
    expect(report.status).toBe('done');
    const [after] = await stack.state.subscriptions.listByTenant(contosoId);
    expect(after?.id).not.toBe(before?.id);
    const joiner = await createMember(stack, 'contoso', { department: 'Sales' });
    await waitForTargetUser(
      stack,
      'fabrikam',
      joiner,
      undefined,
      'a joiner notified on the new subscription',
    );
  });
});
