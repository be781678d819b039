/**
 * The deletion-guard scenario the end-to-end and CLI tests share: a one-to-one sync of contoso's Sales team
 * with a deletion threshold of 2, three more Sales users provisioned, then a topology whose filter matches
 * nobody — a scope change that would remove every user of the sync at once.
 */
import { expect } from 'vitest';
import type { GuardView } from '../../src/app/decide-guard.js';
import { adminFetch } from './e2e-admin.js';
import { createMember, settle, waitForTargetUser, writesIn, type SourceUser } from './e2e-users.js';
import { eventually, startTestStack, type TestStack } from './test-stack.js';

export const guardedSyncId = 'contoso-to-fabrikam';

/** One-to-one contoso → fabrikam taking `department`, with a deletion threshold of 2. */
export function guardedTopology(department: string): string {
  return `version: 1
defaults:
  auth: { type: client-secret, clientId: aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa, secretSetting: XTSYNC_APP_CLIENT_SECRET }
tenants:
  - { key: contoso, tenantId: 11111111-1111-4111-8111-111111111111 }
  - { key: fabrikam, tenantId: 22222222-2222-4222-8222-222222222222 }
syncs:
  - id: ${guardedSyncId}
    from: contoso
    to: fabrikam
    deletionThreshold: 2
    scope:
      filters:
        - clauses:
            - { attribute: department, operator: equals, value: ${department} }
`;
}

/** The pending guard of the sync, once there is one. */
export function pendingGuard(stack: TestStack): Promise<GuardView> {
  return eventually(async () => {
    const response = await adminFetch(stack, `/api/guards?syncId=${guardedSyncId}&state=pending`);
    const { guards } = (await response.json()) as { guards: GuardView[] };
    return guards[0];
  }, 'a pending deletion guard');
}

/** Starts the stack, provisions three more Sales users, applies a topology that drops them all. */
export async function tripTheGuard(): Promise<{
  stack: TestStack;
  users: SourceUser[];
  guard: GuardView;
  writesBefore: number;
}> {
  const stack = await startTestStack({ source: guardedTopology('Sales') });
  try {
    const users: SourceUser[] = [];
    for (let i = 0; i < 3; i++) users.push(await createMember(stack, 'contoso', { department: 'Sales' }));
    for (const user of users) await waitForTargetUser(stack, 'fabrikam', user);
    await settle(stack);
    const writesBefore = writesIn(stack, 'fabrikam');

    const applied = await fetch(`${stack.devHostUrl}/api/topology`, {
      method: 'POST',
      headers: { 'x-functions-key': stack.adminKey, 'content-type': 'application/yaml' },
      body: guardedTopology('No such department'),
    });
    expect(applied.status).toBe(200);
    await pendingGuard(stack);
    await settle(stack);
    // Read again once settled, so `held` counts every removal the scope change asked for.
    return { stack, users, guard: await pendingGuard(stack), writesBefore };
  } catch (error) {
    await stack.stop();
    throw error;
  }
}
