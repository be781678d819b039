/**
 * At-least-once everywhere, idempotent everywhere: duplicated notifications, redelivered messages, a crash
 * between the invitation and the link save, and a create quickly followed by a delete all converge to one
 * target user in the right state, with no extra Graph writes on replay.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TargetChange } from '../../src/app/messages.js';
import type { BusMessage } from '../../src/local/in-process-bus/bus-message.js';
import { createMember, linkedUsers, settle, waitForTargetUser, writesIn } from '../support/e2e-users.js';
import { startTestStack, type TestStack } from '../support/test-stack.js';

describe('idempotency and order (one-to-one)', () => {
  let stack: TestStack;
  const sent: { entity: string; message: BusMessage }[] = [];

  beforeAll(async () => {
    stack = await startTestStack({ example: 'one-to-one.yaml' });
    // Tap the bus to keep copies of what was sent, so a test can redeliver them.
    const send = stack.bus.send.bind(stack.bus);
    stack.bus.send = (entity, messages) => {
      for (const message of messages) sent.push({ entity, message });
      return send(entity, messages);
    };
    await settle(stack);
  }, 60_000);
  afterAll(async () => {
    await stack.stop();
  });

  async function notify(userId: string, copies: number): Promise<number[]> {
    const [subscription] = await stack.state.subscriptions.listByTenant(
      '11111111-1111-4111-8111-111111111111',
    );
    if (!subscription) throw new Error('no subscription for contoso');
    const body = JSON.stringify({
      value: [
        {
          id: `manual-${userId}`,
          subscriptionId: subscription.id,
          clientState: subscription.clientState,
          changeType: 'updated',
          resource: `Users/${userId}`,
          tenantId: subscription.tenantId,
          resourceData: { '@odata.type': '#Microsoft.Graph.User', id: userId },
        },
      ],
    });
    const statuses: number[] = [];
    for (let i = 0; i < copies; i += 1) {
      const response = await fetch(`${stack.devHostUrl}/api/graph-notifications`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
      statuses.push(response.status);
    }
    return statuses;
  }

  it('creates with 2 writes, updates with 1, and writes nothing for the same notification five times', async () => {
    const before = writesIn(stack, 'fabrikam');
    const user = await createMember(stack, 'contoso', { department: 'Sales' });
    await waitForTargetUser(stack, 'fabrikam', user);
    await settle(stack);
    expect(writesIn(stack, 'fabrikam') - before).toBe(2);

    // A change Graph does not tell us about, then the same notification five times: one drain's worth.
    stack.graph.control.setKnobs({ dropRate: 1 });
    await stack.admin('contoso').api(`/users/${user.id}`).patch({ jobTitle: 'Lead Analyst' });
    stack.graph.control.setKnobs({ dropRate: 0 });
    expect(await notify(user.id, 5)).toEqual([202, 202, 202, 202, 202]);
    await waitForTargetUser(stack, 'fabrikam', user, (u) => u.jobTitle === 'Lead Analyst');
    await settle(stack);
    expect(writesIn(stack, 'fabrikam') - before).toBe(3);

    // Nothing changed: more notifications cost no write at all.
    await notify(user.id, 5);
    await settle(stack);
    expect(writesIn(stack, 'fabrikam') - before).toBe(3);
  }, 60_000);

  it('writes nothing when every target change is delivered again', async () => {
    const user = await createMember(stack, 'contoso', { department: 'Sales' });
    await waitForTargetUser(stack, 'fabrikam', user);
    await settle(stack);
    const before = writesIn(stack, 'fabrikam');
    const changes = sent.filter(
      ({ message }) => (message.body as Partial<TargetChange>).sourceUserId === user.id,
    );
    expect(changes.length).toBeGreaterThan(0);
    // A redelivery carries the same body; a new message id gets it past duplicate detection.
    await stack.bus.send(
      'target-changes',
      changes.map(({ message }, index) => ({
        ...message,
        messageId: `${message.messageId}:redelivered:${index}`,
      })),
    );
    await settle(stack);
    expect(writesIn(stack, 'fabrikam')).toBe(before);
    expect(await linkedUsers(stack, 'fabrikam', user)).toHaveLength(1);
  }, 60_000);

  it('adopts the invited user when the process fails between the invitation and the link save', async () => {
    const before = writesIn(stack, 'fabrikam');
    // The PATCH right after the invitation fails once: the invitation exists but nothing was linked.
    stack.graph.control.addFault({
      tenantId: '22222222-2222-4222-8222-222222222222',
      method: 'PATCH',
      pathPrefix: '/users/',
      status: 500,
      count: 1,
    });
    const user = await createMember(stack, 'contoso', { department: 'Sales' });
    await waitForTargetUser(stack, 'fabrikam', user, (u) => u.department === 'Sales');
    await settle(stack);
    expect(await linkedUsers(stack, 'fabrikam', user)).toHaveLength(1);
    expect(writesIn(stack, 'fabrikam') - before).toBe(2);
    const actions = stack.provisioning
      .filter((entry) => entry.sourceUserId === user.id)
      .map((e) => `${e.action}:${e.outcome}`);
    expect(actions).toEqual(['create:failure', 'adopt:success']);
  }, 60_000);

  it('ends with at most one disabled target user when a user is created and deleted at once', async () => {
    const user = await createMember(stack, 'contoso', { department: 'Sales' });
    await stack.admin('contoso').api(`/users/${user.id}`).delete();
    await settle(stack, 1_000);
    const copies = await linkedUsers(stack, 'fabrikam', user);
    expect(copies.length).toBeLessThanOrEqual(1);
    for (const copy of copies)
      expect(copy).toMatchObject({ accountEnabled: false, showInAddressList: false });
  }, 60_000);
});
