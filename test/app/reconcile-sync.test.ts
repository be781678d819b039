import { describe, expect, it } from 'vitest';
import { reconcileSync } from '../../src/app/reconcile-sync.js';
import type { SyncReconcileReport } from '../../src/app/reconcile-report.js';
import { defaultMappings } from '../../src/core/attribute-mapping.js';
import type { TopologySync } from '../../src/core/topology/topology.js';
import { aSync, tenantIds, testAnchorAttribute } from '../support/builders.js';
import { aPerson, reconcileWorld } from './reconcile-fixture.js';

const dayMs = 24 * 60 * 60_000;

async function run(world: ReturnType<typeof reconcileWorld>): Promise<SyncReconcileReport> {
  return reconcileSync(world.sync, { ...world.deps, correlationId: 'run-1' });
}

function countsOf(report: SyncReconcileReport) {
  if (report.status !== 'done') throw new Error(`expected a finished sync, got ${JSON.stringify(report)}`);
  return report.counts;
}

const salesOnly: Partial<TopologySync> = {
  scope: [{ clauses: [{ attribute: 'department', operator: 'equals', value: 'Sales' }] }],
};

describe('reconcileSync', () => {
  it('creates the target user of an in-scope source user that has none', async () => {
    const world = reconcileWorld();
    await world.sourceRead();
    const person = aPerson();
    await world.mirror(person);

    const report = await run(world);
    expect(countsOf(report)).toMatchObject({ created: 1, unchanged: 0 });
    expect(world.queue.targetChanges).toMatchObject([
      { kind: 'upsert', sourceUserId: person.id, sourceVersion: 4, origin: 'reconcile' },
    ]);
    await world.applyPublished();
    const [user] = [...world.target.users.values()];
    expect(user?.[testAnchorAttribute]).toBe(`${world.sync.fromTenantId}:${person.id}`);
    expect((await world.state.sourceMirror.get(world.sync.fromTenantId, person.id))?.value.version).toBe(4);
  });

  it('reverts an apply: always attribute edited in the target and keeps an onCreate one', async () => {
    const sync = aSync({
      mappings: defaultMappings.map((mapping) =>
        mapping.target === 'companyName' ? { ...mapping, apply: 'onCreate' as const } : mapping,
      ),
    });
    const world = reconcileWorld(sync);
    await world.sourceRead();
    const person = aPerson();
    await world.mirror(person);
    const id = world.addTargetUser(person, { department: 'Edited by hand', companyName: 'Edited by hand' });
    await world.link(person, id);

    const report = await run(world);
    expect(countsOf(report)).toMatchObject({ updated: 1 });
    await world.applyPublished();
    expect(world.targetUser(id)).toMatchObject({ department: 'Sales', companyName: 'Edited by hand' });
    expect(world.target.writes.patches).toBe(1);
  });

  it('restores from deleted items a target user deleted out of band', async () => {
    const world = reconcileWorld();
    await world.sourceRead();
    const person = aPerson();
    await world.mirror(person);
    const id = world.addTargetUser(person);
    await world.link(person, id);
    await world.target.deleteUser(id);

    expect(countsOf(await run(world))).toMatchObject({ restored: 1 });
    await world.applyPublished();
    expect(world.targetUser(id)).toBeDefined();
    expect(world.target.writes.invitations).toBe(0);
  });

  it('creates again a target user that was removed for good', async () => {
    const world = reconcileWorld();
    await world.sourceRead();
    const person = aPerson();
    await world.mirror(person);
    await world.link(person, 'c9a3f7a2-0000-4000-8000-00000000dead');

    expect(countsOf(await run(world))).toMatchObject({ created: 1 });
    await world.applyPublished();
    const link = await world.state.links.get(world.sync.id, person.id);
    expect(link?.value.targetUserId).not.toBe('c9a3f7a2-0000-4000-8000-00000000dead');
    expect(world.targetUser(link?.value.targetUserId ?? '')).toMatchObject({ department: 'Sales' });
  });

  it('disables a linked target user whose source user left the scope', async () => {
    const world = reconcileWorld(aSync(salesOnly));
    await world.sourceRead();
    const person = aPerson();
    const id = world.addTargetUser(person);
    await world.link(person, id);
    await world.mirror({ ...person, attributes: { ...person.attributes, department: 'Marketing' } });

    expect(countsOf(await run(world))).toMatchObject({ disabled: 1 });
    await world.applyPublished();
    expect(world.targetUser(id)).toMatchObject({ accountEnabled: false, showInAddressList: false });
  });

  it('relinks and disables an anchored target user whose source user no longer exists', async () => {
    const world = reconcileWorld();
    await world.sourceRead();
    const id = world.addTargetUser(aPerson());

    expect(countsOf(await run(world))).toMatchObject({ disabled: 1, relinked: 1 });
    await world.applyPublished();
    expect(world.targetUser(id)).toMatchObject({ accountEnabled: false });
  });

  it('deletes a disabled target user once deleteAfterDays have passed, and not before', async () => {
    const world = reconcileWorld(aSync({ removal: { mode: 'disable', deleteAfterDays: 30 } }));
    await world.sourceRead();
    const person = aPerson();
    await world.mirror(person, 'soft-deleted');
    const id = world.addTargetUser(person, { accountEnabled: false, showInAddressList: false });
    await world.link(person, id, { state: 'disabled', disabledAt: world.clock.now().toISOString() });

    world.clock.advance(29 * dayMs);
    expect(countsOf(await run(world))).toMatchObject({ deleted: 0, unchanged: 1 });
    expect(world.queue.targetChanges).toEqual([]);

    world.clock.advance(dayMs + 1);
    expect(countsOf(await run(world))).toMatchObject({ deleted: 1 });
    await world.applyPublished();
    expect(world.targetUser(id)).toBeUndefined();
    expect(world.target.deleted.has(id)).toBe(true);
  });

  it('restores a disabled target user whose source user came back before retention ended', async () => {
    const world = reconcileWorld();
    await world.sourceRead();
    const person = aPerson();
    await world.mirror(person);
    const id = world.addTargetUser(person, { accountEnabled: false, showInAddressList: false });
    const desired = world.desired(person);
    await world.link(person, id, {
      state: 'disabled',
      disabledAt: world.clock.now().toISOString(),
      appliedAttributes: { ...desired.attributes, accountEnabled: false, showInAddressList: false },
    });

    expect(countsOf(await run(world))).toMatchObject({ restored: 1 });
    await world.applyPublished();
    expect(world.targetUser(id)).toMatchObject({ accountEnabled: true, showInAddressList: true });
  });

  it('relinks every anchored target user with zero writes when the links are gone', async () => {
    const world = reconcileWorld();
    await world.sourceRead();
    const people = [aPerson(), aPerson(), aPerson()];
    for (const person of people) {
      await world.mirror(person);
      world.addTargetUser(person);
    }

    expect(countsOf(await run(world))).toMatchObject({ relinked: 3, unchanged: 3, created: 0 });
    expect(world.queue.targetChanges).toEqual([]);
    expect(world.target.writes.total()).toBe(0);
    for (const person of people) {
      const link = await world.state.links.get(world.sync.id, person.id);
      expect(link?.value).toMatchObject({ state: 'active', appliedHash: world.desired(person).hash });
    }
  });

  it('costs one paged read and no write for a sync where nothing changed', async () => {
    const world = reconcileWorld();
    await world.sourceRead();
    for (let i = 0; i < 3; i += 1) {
      const person = aPerson();
      await world.mirror(person);
      await world.link(person, world.addTargetUser(person));
    }

    const report = await run(world);
    expect(report).toMatchObject({
      status: 'done',
      counts: { unchanged: 3 },
      graph: { reads: 1, writes: 0 },
    });
    expect(world.queue.targetChanges).toEqual([]);
    expect(world.target.calls.map((call) => call.method)).toEqual(['listExternalUsers']);
  });

  it('holds the removals of a run when the deletion guard says so, and publishes none', async () => {
    const world = reconcileWorld(aSync(salesOnly));
    await world.sourceRead();
    world.holdRemovals('guard-7');
    for (let i = 0; i < 2; i += 1) {
      const person = aPerson({ department: 'Marketing' });
      await world.mirror(person);
      await world.link(person, world.addTargetUser(person));
    }

    const report = await run(world);
    expect(report).toMatchObject({ status: 'done', guardId: 'guard-7', counts: { held: 2, disabled: 0 } });
    expect(world.held[0]?.changes).toHaveLength(2);
    expect(world.queue.targetChanges).toEqual([]);
  });

  it('disables again a target user re-enabled by hand while its source user is still out of scope', async () => {
    const world = reconcileWorld(aSync(salesOnly));
    await world.sourceRead();
    const person = aPerson({ department: 'Marketing' });
    await world.mirror(person);
    const id = world.addTargetUser(person, { accountEnabled: true });
    await world.link(person, id, { state: 'disabled', disabledAt: world.clock.now().toISOString() });

    expect(countsOf(await run(world))).toMatchObject({ disabled: 1 });
    await world.applyPublished();
    expect(world.targetUser(id)).toMatchObject({ accountEnabled: false });
  });

  it('deletes a leaver at once under a delete removal policy', async () => {
    const world = reconcileWorld(aSync({ removal: { mode: 'delete', deleteAfterDays: 0 } }));
    await world.sourceRead();
    const person = aPerson();
    await world.mirror(person, 'soft-deleted');
    const id = world.addTargetUser(person);
    await world.link(person, id);

    expect(countsOf(await run(world))).toMatchObject({ deleted: 1, disabled: 0 });
    await world.applyPublished();
    expect(world.target.deleted.has(id)).toBe(true);
  });

  it('counts nobody for people outside the scope who have no target user', async () => {
    const world = reconcileWorld(aSync(salesOnly));
    await world.sourceRead();
    await world.mirror(aPerson({ department: 'Marketing' }));
    await world.mirror(aPerson({ department: 'Finance' }), 'soft-deleted');

    const report = await run(world);
    expect(Object.values(countsOf(report)).every((count) => count === 0)).toBe(true);
    expect(world.queue.targetChanges).toEqual([]);
  });

  it('skips a sync whose source tenant has not been read in full yet', async () => {
    const world = reconcileWorld();
    world.addTargetUser(aPerson());
    expect(await run(world)).toMatchObject({ status: 'skipped', reason: 'source-not-read' });
    expect(world.queue.targetChanges).toEqual([]);
  });

  it('leaves a person the pipeline changed meanwhile for the next run', async () => {
    const world = reconcileWorld();
    await world.sourceRead();
    const person = aPerson();
    await world.mirror(person);
    const save = world.state.sourceMirror.save.bind(world.state.sourceMirror);
    world.deps.mirror.save = async (user, etag) => {
      // The drain saves a newer version between reconcile's read and its claim.
      const current = await world.state.sourceMirror.get(user.sourceTenantId, user.userId);
      await save({ ...user, version: 9 }, current?.etag ?? null);
      return save(user, etag);
    };

    expect(countsOf(await run(world))).toMatchObject({ busy: 1, created: 0 });
    expect(world.queue.targetChanges).toEqual([]);
  });

  it('skips a sync whose source was last read without an attribute its rules now need, and removes nobody', async () => {
    const byEmployeeType = aSync({
      scope: [{ clauses: [{ attribute: 'employeeType', operator: 'equals', value: 'Employee' }] }],
    });
    const world = reconcileWorld(byEmployeeType);
    // The drain's last full round ran under the old rules: the mirror has no employeeType at all.
    await world.sourceRead([aSync()]);
    const person = aPerson();
    await world.mirror(person);
    await world.link(person, world.addTargetUser(person));

    expect(await run(world)).toMatchObject({ status: 'skipped', reason: 'source-not-read' });
    expect(world.queue.targetChanges).toEqual([]);
    expect(world.asked).toEqual([]);

    await world.sourceRead();
    expect(await run(world)).toMatchObject({ status: 'done' });
  });

  it('skips a removal an operator vetoed, again on the next run, and claims no version for it', async () => {
    const world = reconcileWorld(aSync(salesOnly));
    await world.sourceRead();
    const person = aPerson({ department: 'Marketing' });
    await world.mirror(person);
    const id = world.addTargetUser(person);
    await world.link(person, id);
    world.vetoes.set(person.id, 3);

    expect(countsOf(await run(world))).toMatchObject({ vetoed: 1, disabled: 0, held: 0 });
    expect(countsOf(await run(world))).toMatchObject({ vetoed: 1, disabled: 0 });
    expect(world.asked.map((batch) => batch.changes[0]?.sourceVersion)).toEqual([3, 3]);
    expect(world.queue.targetChanges).toEqual([]);
    expect((await world.state.sourceMirror.get(world.sync.fromTenantId, person.id))?.value.version).toBe(3);
    expect(world.targetUser(id)).toMatchObject({ accountEnabled: true });
  });

  it('asks afresh once the vetoed person changed in the source, and publishes at a claimed version', async () => {
    const world = reconcileWorld(aSync(salesOnly));
    await world.sourceRead();
    const person = aPerson({ department: 'Marketing' });
    await world.mirror(person);
    const id = world.addTargetUser(person);
    await world.link(person, id);
    world.vetoes.set(person.id, 2);

    expect(countsOf(await run(world))).toMatchObject({ vetoed: 0, disabled: 1 });
    expect(world.queue.targetChanges).toMatchObject([{ kind: 'remove', sourceVersion: 4 }]);
    await world.applyPublished();
    expect(world.targetUser(id)).toMatchObject({ accountEnabled: false });
  });

  it('writes no mirror version while the guard holds the removals, but saves the corrected link', async () => {
    const world = reconcileWorld(aSync(salesOnly));
    await world.sourceRead();
    world.holdRemovals('guard-9');
    const leaver = aPerson({ department: 'Marketing' });
    await world.mirror(leaver);
    await world.link(leaver, world.addTargetUser(leaver));
    const orphan = aPerson();
    const orphanId = world.addTargetUser(orphan);

    expect(countsOf(await run(world))).toMatchObject({ held: 2 });
    expect(world.held[0]?.changes.map((change) => change.sourceVersion).sort()).toEqual([0, 3]);
    expect((await world.state.sourceMirror.get(world.sync.fromTenantId, leaver.id))?.value).toMatchObject({
      version: 3,
      published: { [world.sync.id]: world.desired(leaver).hash },
    });
    // Approving replays the held removal of the orphan against its rebuilt link.
    expect((await world.state.links.get(world.sync.id, orphan.id))?.value).toMatchObject({
      targetUserId: orphanId,
      state: 'active',
    });
  });

  it('keeps a target user whose source user still exists though the mirror lost it, and asks for a full round', async () => {
    const world = reconcileWorld();
    await world.sourceRead();
    const person = aPerson();
    // The source user exists in contoso, but its mirror row was lost.
    const source = world.source;
    source.addUser(person.attributes, person.id);
    const id = world.addTargetUser(person);
    await world.link(person, id);

    expect(countsOf(await run(world))).toMatchObject({ unmirrored: 1, disabled: 0 });
    expect(world.queue.targetChanges).toEqual([]);
    expect(world.asked).toEqual([]);
    expect(world.queue.drains).toMatchObject([
      { kind: 'drain', sourceTenantId: world.sync.fromTenantId, reason: 'resync' },
    ]);
    expect(source.calls.map((call) => call.method)).toEqual(['getUser']);
    expect(world.targetUser(id)).toMatchObject({ accountEnabled: true });
  });

  it('removes again a target user restored by hand after its removal', async () => {
    const world = reconcileWorld(aSync({ removal: { mode: 'delete', deleteAfterDays: 0 } }));
    await world.sourceRead();
    const person = aPerson();
    await world.mirror(person, 'soft-deleted');
    // Deleted by xtsync, then restored from deleted items by an administrator.
    const id = world.addTargetUser(person);
    await world.link(person, id, { state: 'deleted', deletedAt: world.clock.now().toISOString() });

    expect(countsOf(await run(world))).toMatchObject({ deleted: 1, relinked: 1 });
    await world.applyPublished();
    expect(world.targetUser(id)).toBeUndefined();
    expect(world.target.deleted.has(id)).toBe(true);
  });

  it('plans from scratch for a link into the sync previous target tenant', async () => {
    const world = reconcileWorld();
    await world.sourceRead();
    const person = aPerson();
    await world.mirror(person);
    await world.link(person, 'c9a3f7a2-0000-4000-8000-00000000beef', {
      targetTenantId: tenantIds.northwind,
      state: 'disabled',
    });

    expect(countsOf(await run(world))).toMatchObject({ created: 1, restored: 0 });
    await world.applyPublished();
    const link = await world.state.links.get(world.sync.id, person.id);
    expect(link?.value).toMatchObject({ targetTenantId: tenantIds.fabrikam, state: 'active' });
    expect(world.targetUser(link?.value.targetUserId ?? '')).toMatchObject({ department: 'Sales' });
  });

  it('renews its lease after every page of the target read and before asking about removals', async () => {
    const world = reconcileWorld();
    await world.sourceRead();
    const people = [aPerson(), aPerson(), aPerson()];
    for (const person of people) {
      await world.mirror(person);
      await world.link(person, world.addTargetUser(person));
    }
    // Graph answers the external users one per page.
    const list = world.target.listExternalUsers.bind(world.target);
    world.target.listExternalUsers = async (select, nextLink) => {
      const all = (await list(select)).items;
      const index = nextLink === undefined ? 0 : Number(nextLink.split('=')[1]);
      const rest =
        index + 1 < all.length ? { nextLink: `https://graph.example/users?page=${index + 1}` } : {};
      return { items: all.slice(index, index + 1), ...rest };
    };
    let beats = 0;
    const report = await reconcileSync(world.sync, {
      ...world.deps,
      correlationId: 'run-1',
      heartbeat: () => {
        beats += 1;
        return Promise.resolve();
      },
    });
    expect(report).toMatchObject({ status: 'done', graph: { reads: 3 }, counts: { unchanged: 3 } });
    // Three target pages, one mirror page, and once before the removals.
    expect(beats).toBe(5);
  });
});
