/**
 * Reconciliation on the local stack, as an operator runs it (`POST /api/reconcile`, then the job): a change
 * whose notification Graph dropped is caught up, hand edits in the target are reverted (but not those of
 * `onCreate` attributes), users deleted out of band come back, a wiped links table is rebuilt from the
 * anchors without a single invitation, and a tenant where nothing changed costs no write at all.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTableClients } from '../../src/adapters/tables/table-clients.js';
import { reconcileNow } from '../support/e2e-admin.js';
import { createMember, linkedUsers, settle, waitForTargetUser, writesIn } from '../support/e2e-users.js';
import { startTestStack, type TestStack } from '../support/test-stack.js';
import { withSyncs } from '../support/topology-text.js';

const syncId = 'contoso-to-fabrikam';
const topology = withSyncs(`  - id: ${syncId}
    from: contoso
    to: fabrikam
    scope:
      filters:
        - clauses:
            - { attribute: department, operator: equals, value: Sales }
    mappings:
      - { target: jobTitle, source: jobTitle, apply: onCreate }
`);

describe('reconciliation (one-to-one, local stack)', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack({ source: topology }, { timers: false });
    await settle(stack);
  });
  afterAll(async () => {
    await stack.stop();
  });

  it('repairs a change whose notification the simulator dropped', async () => {
    stack.graph.control.setKnobs({ dropRate: 1 });
    const missed = await createMember(stack, 'contoso', { department: 'Sales' });
    await settle(stack);
    stack.graph.control.setKnobs({ dropRate: 0 });
    expect(await linkedUsers(stack, 'fabrikam', missed)).toEqual([]);

    await reconcileNow(stack, syncId);
    await waitForTargetUser(stack, 'fabrikam', missed, undefined, 'the user whose notification was dropped');
  });

  it('reverts a mapped attribute edited in the target and keeps an onCreate one', async () => {
    const user = await createMember(stack, 'contoso', { department: 'Sales', jobTitle: 'Analyst' });
    const target = await waitForTargetUser(stack, 'fabrikam', user);
    await settle(stack);
    await stack
      .admin('fabrikam')
      .api(`/users/${String(target.id)}`)
      .patch({ department: 'Edited by hand', jobTitle: 'Edited by hand' });

    const report = await reconcileNow(stack, syncId);
    expect(report).toMatchObject({ status: 'done', counts: { updated: 1 } });
    await settle(stack);
    const [after] = await linkedUsers(stack, 'fabrikam', user);
    expect(after).toMatchObject({ id: target.id, department: 'Sales', jobTitle: 'Edited by hand' });
  });

  it('recreates a target user deleted for good and restores one only soft-deleted', async () => {
    const gone = await createMember(stack, 'contoso', { department: 'Sales' });
    const binned = await createMember(stack, 'contoso', { department: 'Sales' });
    const goneTarget = await waitForTargetUser(stack, 'fabrikam', gone);
    const binnedTarget = await waitForTargetUser(stack, 'fabrikam', binned);
    await settle(stack);
    const fabrikam = stack.admin('fabrikam');
    await fabrikam.api(`/users/${String(goneTarget.id)}`).delete();
    await fabrikam.api(`/directory/deletedItems/${String(goneTarget.id)}`).delete();
    await fabrikam.api(`/users/${String(binnedTarget.id)}`).delete();

    const report = await reconcileNow(stack, syncId);
    expect(report).toMatchObject({ status: 'done', counts: { created: 1, restored: 1 } });
    await settle(stack);
    const recreated = await waitForTargetUser(stack, 'fabrikam', gone, undefined, 'the recreated user');
    expect(recreated.id).not.toBe(goneTarget.id);
    const restored = await waitForTargetUser(stack, 'fabrikam', binned, undefined, 'the restored user');
    expect(restored).toMatchObject({ id: binnedTarget.id, accountEnabled: true });
  });

  it('relinks every target user by its anchor with zero invitations after the links table was wiped', async () => {
    await settle(stack);
    const links = await createTableClients(
      { connectionString: stack.storageConnectionString },
      { tablePrefix: stack.tablePrefix },
    ).get('links');
    let wiped = 0;
    for await (const row of links.listEntities()) {
      await links.deleteEntity(row.partitionKey ?? '', row.rowKey ?? '');
      wiped += 1;
    }
    expect(wiped).toBeGreaterThanOrEqual(4);
    const invitations = stack.graph.stats.snapshot().tenants.fabrikam?.writes.invitation ?? 0;

    const report = await reconcileNow(stack, syncId);
    expect(report).toMatchObject({ status: 'done', counts: { relinked: wiped, created: 0 } });
    await settle(stack);
    expect(stack.graph.stats.snapshot().tenants.fabrikam?.writes.invitation ?? 0).toBe(invitations);
    const rebuilt = (await stack.state.links.list(syncId)).items.filter((l) => l.value.state === 'active');
    expect(rebuilt).toHaveLength(wiped);
  });

  it('costs only reads and zero writes for a tenant where nothing changed', async () => {
    await settle(stack);
    const before = { contoso: writesIn(stack, 'contoso'), fabrikam: writesIn(stack, 'fabrikam') };
    const logged = stack.provisioning.length;

    const report = await reconcileNow(stack, syncId);
    await settle(stack);
    expect(report).toMatchObject({
      status: 'done',
      counts: { created: 0, updated: 0, restored: 0, disabled: 0, deleted: 0, relinked: 0, busy: 0 },
      graph: { writes: 0 },
    });
    expect({ contoso: writesIn(stack, 'contoso'), fabrikam: writesIn(stack, 'fabrikam') }).toEqual(before);
    expect(stack.provisioning.length).toBe(logged);
  });
});
