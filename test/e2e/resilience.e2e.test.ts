/**
 * Graph as it really behaves: replication lag between a write and its visibility in delta, notifications
 * that never arrive, and a target tenant throttling hard — every user converges, and nothing that failed
 * for a retryable reason ends up dead-lettered.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createMember, settle, waitForTargetUser, type SourceUser } from '../support/e2e-users.js';
import { startTestStack, type TestStack } from '../support/test-stack.js';

const fabrikam = '22222222-2222-4222-8222-222222222222';

describe('resilience (one-to-one)', () => {
  let stack: TestStack | undefined;
  afterEach(async () => {
    await stack?.stop();
    stack = undefined;
  });

  it('re-checks a notified user until replication makes it visible in delta', async () => {
    stack = await startTestStack(
      { example: 'one-to-one.yaml' },
      { simulator: { knobs: { replicationLagMs: 1_500 } } },
    );
    await settle(stack);
    const user = await createMember(stack, 'contoso', { department: 'Sales' });
    await waitForTargetUser(stack, 'fabrikam', user);
    const warnings = stack.logs.entries.filter((entry) => entry.level === 'error');
    expect(warnings).toEqual([]);
  }, 60_000);

  it('catches up a change whose notification was dropped on the next notification', async () => {
    stack = await startTestStack({ example: 'one-to-one.yaml' });
    await settle(stack);
    stack.graph.control.setKnobs({ dropRate: 1 });
    const missed = await createMember(stack, 'contoso', { department: 'Sales' });
    await settle(stack);
    stack.graph.control.setKnobs({ dropRate: 0 });
    const next = await createMember(stack, 'contoso', { department: 'Sales' });
    await waitForTargetUser(stack, 'fabrikam', next);
    await waitForTargetUser(stack, 'fabrikam', missed, undefined, 'the user whose notification was dropped');
  }, 60_000);

  it('converges every user through a throttling storm in the target, with nothing dead-lettered', async () => {
    stack = await startTestStack({ example: 'one-to-one.yaml' });
    await settle(stack);
    stack.graph.control.addFault({
      tenantId: fabrikam,
      status: 429,
      probability: 0.5,
      retryAfterSeconds: 0.2,
    });
    const users: SourceUser[] = [];
    for (let i = 0; i < 12; i += 1) users.push(await createMember(stack, 'contoso', { department: 'Sales' }));
    for (const user of users)
      await waitForTargetUser(stack, 'fabrikam', user, undefined, 'a user under throttling', 45_000);
    stack.graph.control.clearFaults();
    await settle(stack);
    expect(stack.graph.stats.snapshot().tenants.fabrikam?.faultsInjected).toBeGreaterThan(0);
    expect(await stack.state.deadLetters.list('contoso-to-fabrikam')).toEqual([]);
    expect(await stack.state.deadLetters.list('source-changes')).toEqual([]);
  }, 90_000);
});
