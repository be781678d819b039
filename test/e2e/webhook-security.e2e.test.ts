/**
 * Bad input at the edges: forged or misrouted notifications are answered as Graph expects and processed
 * never, with a security log line; malformed and oversized bodies get a clear 4xx; a malformed bus message
 * is dead-lettered with its reason.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SubscriptionRecord } from '../../src/app/ports.js';
import { settle } from '../support/e2e-users.js';
import { startTestStack, type TestStack } from '../support/test-stack.js';

const contoso = '11111111-1111-4111-8111-111111111111';
const adele = '10000000-0000-4000-8000-000000000001';

describe('webhook and message security', () => {
  let stack: TestStack;
  let subscription: SubscriptionRecord;

  beforeAll(async () => {
    stack = await startTestStack({ example: 'one-to-one.yaml' });
    await settle(stack);
    const [record] = await stack.state.subscriptions.listByTenant(contoso);
    if (!record) throw new Error('no subscription');
    subscription = record;
  }, 60_000);
  afterAll(async () => {
    await stack.stop();
  });

  const post = (body: string, path = 'graph-notifications') =>
    fetch(`${stack.devHostUrl}/api/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });

  const notification = (overrides: Record<string, unknown>) =>
    JSON.stringify({
      value: [
        {
          id: `n-${Math.random()}`,
          subscriptionId: subscription.id,
          clientState: subscription.clientState,
          changeType: 'updated',
          resource: `Users/${adele}`,
          tenantId: contoso,
          resourceData: { id: adele },
          ...overrides,
        },
      ],
    });

  it('answers the validation handshake with the decoded token as text/plain', async () => {
    const response = await fetch(
      `${stack.devHostUrl}/api/graph-notifications?validationToken=${encodeURIComponent('a b&c=d<e>')}`,
      { method: 'POST', headers: { 'content-type': 'text/plain' } },
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await response.text()).toBe('a b&c=d<e>');
  });

  it.each([
    ['a forged client state', { clientState: 'forged' }, 'client-state-mismatch'],
    ['another tenant', { tenantId: '22222222-2222-4222-8222-222222222222' }, 'tenant-mismatch'],
    ['an unknown subscription', { subscriptionId: 'not-ours' }, 'unknown-subscription'],
  ])(
    'acknowledges %s silently, processes nothing and logs a security event',
    async (_name, overrides, reason) => {
      const drainsBefore = stack.logs.entries.filter((e) => e.message === 'Drain finished').length;
      const response = await post(notification(overrides));
      expect(response.status).toBe(202);
      await settle(stack);
      expect(stack.logs.entries.filter((e) => e.message === 'Drain finished').length).toBe(drainsBefore);
      // Function logs go through the invocation context as text, as they do under the Azure host.
      expect(stack.logs.text()).toMatch(
        new RegExp(`Graph notification ignored .*event=security reason=${reason}`),
      );
      expect(stack.logs.text()).not.toContain(subscription.clientState);
    },
  );

  it('refuses a body that is not JSON with 400', async () => {
    const response = await post('{not json');
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: 'BAD_REQUEST' } });
  });

  it('refuses JSON that is not a notification collection with 400 naming the field', async () => {
    const response = await post(JSON.stringify({ values: [] }));
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { message: string } }).error.message).toContain('value');
  });

  it('ignores a malformed item with a security log line and still accepts the batch', async () => {
    const response = await post(JSON.stringify({ value: [{ changeType: 'updated' }] }));
    expect(response.status).toBe(202);
    expect(stack.logs.text()).toMatch(/Graph notification ignored .*event=security reason=malformed/);
  });

  it('refuses an oversized body with 413 before parsing it', async () => {
    const response = await post(JSON.stringify({ value: [], padding: 'x'.repeat(1_100_000) }));
    expect(response.status).toBe(413);
  });

  it('dead-letters a malformed bus message with its reason', async () => {
    await stack.bus.send('source-changes', [
      { body: { kind: 'drain', sourceTenantId: 'not-a-guid' }, messageId: 'garbage-1', sessionId: contoso },
    ]);
    await settle(stack);
    const letters = await stack.state.deadLetters.list('source-changes');
    const letter = letters.find((candidate) => candidate.id === 'garbage-1');
    expect(letter?.reasonCode).toBe('MESSAGE.INVALID');
    expect(letter?.description).toContain('sourceTenantId');
  });
});
