/**
 * Reconciliation removes no one it should not, on the local stack: a target user restored by hand after its
 * removal is removed again, people the mirror lost are asked about in the source and kept, a sync whose
 * source was not read yet under a new topology's attributes is skipped instead of emptied, and a deletion
 * guard an operator rejected stays rejected run after run.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTableClients } from '../../src/adapters/tables/table-clients.js';
import { encodeKey } from '../../src/adapters/tables/table-keys.js';
import type { GuardView } from '../../src/app/decide-guard.js';
import { adminFetch, reconcileNow } from '../support/e2e-admin.js';
import {
  createMember,
  deletedLinkedUsers,
  linkedUsers,
  settle,
  waitForTargetUser,
  type SourceUser,
} from '../support/e2e-users.js';
import { eventually, startTestStack, type TestStack } from '../support/test-stack.js';
import { withSyncs } from '../support/topology-text.js';

const syncId = 'contoso-to-fabrikam';

/** contoso → fabrikam, deleting leavers at once, holding more than two removals, scoped by `clauses`. */
function topology(...clauses: string[]): string {
  return withSyncs(`  - id: ${syncId}
    from: contoso
    to: fabrikam
    deletionThreshold: 2
    removal: { mode: delete }
    scope:
      filters:
        - clauses:
${clauses.map((clause) => `            - ${clause}\n`).join('')}`);
}
const sales = '{ attribute: department, operator: equals, value: Sales }';
const employees = '{ attribute: employeeType, operator: equals, value: Employee }';

describe('reconciliation safety (one-to-one, local stack)', () => {
  let stack: TestStack;
  const kept: SourceUser[] = [];
  beforeAll(async () => {
    stack = await startTestStack({ source: topology(sales) }, { timers: false });
    await settle(stack);
  });
  afterAll(async () => {
    await stack.stop();
  });

  const applyTopology = async (text: string): Promise<void> => {
    const response = await fetch(`${stack.devHostUrl}/api/topology`, {
      method: 'POST',
      headers: { 'x-functions-key': stack.adminKey, 'content-type': 'application/yaml' },
      body: text,
    });
    expect(response.status).toBe(200);
  };
  const member = async (): Promise<SourceUser> => {
    const user = await createMember(stack, 'contoso', { department: 'Sales', employeeType: 'Employee' });
    await waitForTargetUser(stack, 'fabrikam', user);
    return user;
  };

  it('removes again a leaver target user that was restored by hand', async () => {
    const leaver = await member();
    const [target] = await linkedUsers(stack, 'fabrikam', leaver);
    await stack.admin('contoso').api(`/users/${leaver.id}`).patch({ department: 'Marketing' });
    await eventually(
      async () => (await deletedLinkedUsers(stack, 'fabrikam', leaver))[0],
      'the leaver deleted',
    );
    await settle(stack);
    await stack
      .admin('fabrikam')
      .api(`/directory/deletedItems/${String(target?.id)}/restore`)
      .post({});
    expect(await linkedUsers(stack, 'fabrikam', leaver)).toHaveLength(1);

    expect(await reconcileNow(stack, syncId)).toMatchObject({
      status: 'done',
      counts: { deleted: 1, relinked: 1 },
    });
    await settle(stack);
    expect(await linkedUsers(stack, 'fabrikam', leaver)).toEqual([]);
  });

  it('keeps the target users of people the mirror lost, and the drain rebuilds their rows', async () => {
    const user = await member();
    kept.push(user);
    await settle(stack);
    const mirror = await createTableClients(
      { connectionString: stack.storageConnectionString },
      { tablePrefix: stack.tablePrefix },
    ).get('sourceUsers');
    await mirror.deleteEntity(encodeKey(user.tenantId), encodeKey(user.id));

    expect(await reconcileNow(stack, syncId)).toMatchObject({
      status: 'done',
      counts: { unmirrored: 1, deleted: 0, disabled: 0 },
    });
    await settle(stack);
    expect(await linkedUsers(stack, 'fabrikam', user)).toMatchObject([{ accountEnabled: true }]);
    expect(await stack.state.sourceMirror.get(user.tenantId, user.id)).not.toBeNull();
    expect(await reconcileNow(stack, syncId)).toMatchObject({ counts: { unmirrored: 0, deleted: 0 } });
  });

  it('skips the sync, removing nobody, until the source is read with what a new topology filters on', async () => {
    kept.push(await member());
    await settle(stack);
    // The drain cannot read contoso: the new topology's full round does not even start.
    const fault = stack.graph.control.addFault({
      tenantId: 'contoso',
      method: 'GET',
      pathPrefix: '/users/delta',
      status: 503,
      probability: 1,
      retryAfterSeconds: 0,
    });
    await applyTopology(topology(sales, employees));

    expect(await reconcileNow(stack, syncId)).toMatchObject({ status: 'skipped', reason: 'source-not-read' });
    stack.graph.control.removeFault(fault.id);
    await settle(stack);
    expect(await reconcileNow(stack, syncId)).toMatchObject({
      status: 'done',
      counts: { deleted: 0, disabled: 0, unchanged: kept.length },
    });
    await settle(stack);
    for (const user of kept) expect(await linkedUsers(stack, 'fabrikam', user)).toHaveLength(1);
  });

  it('never asks again for the removals of a deletion guard an operator rejected', async () => {
    kept.push(await member());
    await settle(stack);
    await applyTopology(topology('{ attribute: department, operator: equals, value: No such department }'));
    const pendingGuard = (): Promise<GuardView> =>
      eventually(async () => {
        const response = await adminFetch(stack, `/api/guards?syncId=${syncId}&state=pending`);
        return ((await response.json()) as { guards: GuardView[] }).guards[0];
      }, 'a pending deletion guard');
    await pendingGuard();
    await settle(stack);
    // Read again once settled: a guard opened in a lost race is gone by now.
    const guard = await pendingGuard();
    const rejected = await adminFetch(stack, `/api/guards/${guard.id}/reject`, { method: 'POST' });
    expect(rejected.status).toBe(200);
    await settle(stack);

    for (let run = 0; run < 2; run += 1) {
      const report = await reconcileNow(stack, syncId);
      expect(report).toMatchObject({ status: 'done', counts: { vetoed: kept.length, held: 0, deleted: 0 } });
      expect(report).not.toHaveProperty('guardId');
    }
    await settle(stack);
    const pending = await adminFetch(stack, `/api/guards?syncId=${syncId}&state=pending`);
    expect(((await pending.json()) as { guards: GuardView[] }).guards).toEqual([]);
    for (const user of kept)
      expect(await linkedUsers(stack, 'fabrikam', user)).toMatchObject([{ accountEnabled: true }]);
  });
});
