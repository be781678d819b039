import { describe, expect, it } from 'vitest';
import { applyTargetChange, type ApplyDeps } from '../../src/app/apply-target-change.js';
import { drainSourceChanges } from '../../src/app/drain-source-changes.js';
import type { RemovalGuard } from '../../src/app/control-ports.js';
import type { OnDemandOutcome, OnDemandReport } from '../../src/app/on-demand-report.js';
import { provisionOnDemand, type OnDemandDeps } from '../../src/app/provision-on-demand.js';
import { defaultMappings } from '../../src/core/attribute-mapping.js';
import { formatAnchor } from '../../src/core/anchors.js';
import { sourceSelectFor } from '../../src/core/source-attributes.js';
import { SyncError } from '../../src/core/sync-errors.js';
import type { Topology, TopologySync } from '../../src/core/topology/topology.js';
import type { AttributeValue } from '../../src/core/user-attributes.js';
import { aSourceUser, aSync, tenantIds, testAnchorAttribute } from '../support/builders.js';
import { createFakeDirectoryProvider } from '../support/fakes/fake-user-directory.js';
import { createInMemoryState } from '../support/fakes/in-memory-state.js';
import { createRecordingSyncQueue } from '../support/fakes/recording-sync-queue.js';
import { createTestClock, createTestLogger } from '../support/test-logger.js';

const adele = '5b1c4a4e-0d7e-4c1a-9d3f-1a2b3c4d5e6f';
const megan = '7c2d5b5f-1e8f-4d2b-8e4a-2b3c4d5e6f70';
const syncId = 'contoso-to-fabrikam';

/** Sales only; jobTitle is written on create only. */
const salesSync: TopologySync = aSync({
  scope: [{ clauses: [{ attribute: 'department', operator: 'equals', value: 'Sales' }] }],
  mappings: defaultMappings.map((m) => (m.target === 'jobTitle' ? { ...m, apply: 'onCreate' as const } : m)),
});

function setup(removalGuard?: RemovalGuard) {
  const clock = createTestClock();
  const state = createInMemoryState({ clock });
  const logs = createTestLogger();
  const directories = createFakeDirectoryProvider(testAnchorAttribute);
  const topology: Topology = { version: 1, tenants: [], syncs: [salesSync] };
  const topologySource = {
    current: () => Promise.resolve({ version: 3, topology }),
    invalidate: () => undefined,
  };
  const applyDeps: ApplyDeps = {
    links: state.links,
    directories,
    provisioningLog: state.provisioningLog,
    clock,
    logger: logs.logger,
    anchorAttribute: testAnchorAttribute,
    ...(removalGuard ? { removalGuard } : {}),
  };
  const deps: OnDemandDeps = {
    topology: topologySource,
    directories,
    mirror: state.sourceMirror,
    cursors: state.cursors,
    applyChange: (change, trace) => applyTargetChange(change, applyDeps, trace),
    clock,
    logger: logs.logger,
    anchorAttribute: testAnchorAttribute,
  };
  const source = directories.get(tenantIds.contoso);
  const target = directories.get(tenantIds.fabrikam);
  const addSourceUser = (id: string, overrides: Record<string, AttributeValue | undefined> = {}) =>
    source.addUser(aSourceUser({ id, ...overrides }), id);
  return { state, deps, source, target, addSourceUser, topologySource };
}

function reportsOf(outcome: OnDemandOutcome): readonly OnDemandReport[] {
  if (outcome.kind !== 'done') throw new Error(`expected reports, got ${outcome.kind}`);
  return outcome.reports;
}

async function provision(deps: OnDemandDeps, ...ids: string[]): Promise<OnDemandReport> {
  const [report] = reportsOf(await provisionOnDemand({ syncId, sourceUserIds: ids }, deps));
  if (!report) throw new Error('no report');
  return report;
}

describe('provisionOnDemand', () => {
  it('creates the target user now and reports source read, scope, match, action and Graph result', async () => {
    const { deps, target, addSourceUser, state } = setup();
    addSourceUser(adele);

    const report = await provision(deps, adele);

    expect(report.outcome).toBe('success');
    expect(report.steps.sourceRead).toMatchObject({ status: 'success', found: true });
    expect(report.steps.sourceRead.attributes).toMatchObject({
      department: 'Sales',
      displayName: 'Adele Vance',
    });
    expect(report.steps.sourceRead.select).toEqual(
      expect.arrayContaining(['department', testAnchorAttribute]),
    );
    expect(report.steps.scope).toMatchObject({
      decision: 'upsert',
      decidedBy: 'scope-filters',
      loopPrevention: { internal: true },
      filters: { inScope: true, filter: 1, clause: null },
      summary: "In scope by filter 1: department 'Sales' equals 'Sales'.",
    });
    expect(report.steps.match).toMatchObject({ by: 'none', targetUserId: null });
    expect(report.steps.action).toMatchObject({ action: 'create', graphWrites: 2 });
    expect(report.steps.graphResult).toMatchObject({ status: 'success', graphWrites: 2 });
    expect(target.writes.total()).toBe(2);
    const [created] = await target.findUsersByAnchor(formatAnchor(tenantIds.contoso, adele), ['department']);
    expect(report.steps.graphResult?.targetUserId).toBe(created?.id);
    expect((await state.links.get(syncId, adele))?.value).toMatchObject({
      state: 'active',
      targetUserId: created?.id,
    });
    expect(await state.provisioningLog.query({ since: new Date(0) })).toMatchObject([
      { action: 'create', outcome: 'success', sourceUserId: adele },
    ]);
  });

  it('leaves the mirror as the drain would, so the next notification publishes nothing', async () => {
    const { deps, source, addSourceUser, state } = setup();
    addSourceUser(adele);
    await provision(deps, adele);

    const read = await source.getUser(adele, sourceSelectFor([salesSync], testAnchorAttribute));
    if (!read) throw new Error('no user');
    source.deltaScript.push({
      kind: 'page',
      page: { changes: [{ kind: 'present', user: read }], deltaLink: 'https://g/delta?$deltatoken=1' },
    });
    const queue = createRecordingSyncQueue();
    await drainSourceChanges(
      {
        kind: 'drain',
        sourceTenantId: tenantIds.contoso,
        reason: 'notification',
        hintedUserIds: [adele],
        notifiedAt: '2026-01-05T09:00:00.000Z',
        attempt: 0,
        correlationId: 'c',
      },
      { ...deps, cursors: state.cursors, queue, settings: { settleAfterMs: 0 } },
    );
    expect(queue.targetChanges).toEqual([]);
  });

  it('reports the filter and clause that put a user out of scope, and writes nothing', async () => {
    const { deps, target, addSourceUser, state } = setup();
    addSourceUser(adele, { department: 'Marketing' });

    const report = await provision(deps, adele);

    expect(report.outcome).toBe('skipped');
    expect(report.steps.scope).toMatchObject({
      decision: 'remove',
      removalReason: 'out-of-scope',
      decidedBy: 'scope-filters',
      filters: { inScope: false, filter: 1, clause: 1 },
      summary: "Out of scope: filter 1 clause 1: department 'Marketing' does not equal 'Sales'.",
    });
    expect(report.steps.action).toMatchObject({ action: 'none', status: 'skipped' });
    expect(target.writes.total()).toBe(0);
    expect((await state.sourceMirror.get(tenantIds.contoso, adele))?.value.published).toEqual({
      [syncId]: `${tenantIds.fabrikam}/removed`,
    });
  });

  it('reports loop prevention when the source user is not an internal member', async () => {
    const { deps, addSourceUser } = setup();
    addSourceUser(adele, { userType: 'Guest' });
    const report = await provision(deps, adele);
    expect(report.steps.scope).toMatchObject({
      decidedBy: 'loop-prevention',
      loopPrevention: { internal: false, reason: 'not-member' },
    });
  });

  it('reports a user that does not exist and was never synced, and does nothing', async () => {
    const { deps, target } = setup();
    const report = await provision(deps, megan);
    expect(report.steps.sourceRead).toMatchObject({ found: false, attributes: null });
    expect(report.steps.scope).toMatchObject({ decision: 'remove', decidedBy: 'source-state' });
    expect(report.outcome).toBe('skipped');
    expect(target.calls).toEqual([]);
  });

  it('handles a provisioned user deleted in the source as a removal (disable)', async () => {
    const { deps, source, target, addSourceUser } = setup();
    addSourceUser(adele);
    await provision(deps, adele);
    source.users.delete(adele);

    const report = await provision(deps, adele);

    expect(report.steps.sourceRead.found).toBe(false);
    expect(report.steps.match).toMatchObject({ by: 'link' });
    expect(report.steps.action).toMatchObject({ action: 'disable' });
    const [user] = await target.findUsersByAnchor(formatAnchor(tenantIds.contoso, adele), ['accountEnabled']);
    expect(user?.attributes.accountEnabled).toBe(false);
  });

  it('reports a removal the deletion guard holds, and writes nothing', async () => {
    const holding: RemovalGuard = {
      admitRemoval: () => Promise.resolve({ kind: 'held', guardId: 'guard-1' }),
      admitRemovals: () => Promise.resolve({ kind: 'held', guardId: 'guard-1', vetoed: [] }),
    };
    const { deps, source, target, addSourceUser } = setup(holding);
    addSourceUser(adele);
    await provision(deps, adele);
    source.users.delete(adele);
    const before = target.writes.total();

    const report = await provision(deps, adele);

    expect(report.outcome).toBe('skipped');
    expect(report.steps.action).toMatchObject({ action: 'disable', status: 'skipped', graphWrites: 0 });
    expect(report.steps.action?.summary).toContain('held by deletion guard guard-1');
    expect(report.steps.graphResult).toMatchObject({ status: 'skipped', graphWrites: 0 });
    expect(target.writes.total()).toBe(before);
  });

  it('re-creates a linked target user that was deleted by hand and purged', async () => {
    const { deps, target, addSourceUser } = setup();
    addSourceUser(adele);
    const first = await provision(deps, adele);
    const gone = first.steps.graphResult?.targetUserId ?? '';
    target.users.delete(gone);

    const report = await provision(deps, adele);

    expect(report.steps.match).toMatchObject({
      by: 'none',
      link: { targetUserId: gone, verified: 'missing' },
    });
    expect(report.steps.action).toMatchObject({ action: 'create' });
    expect(report.steps.graphResult?.targetUserId).not.toBe(gone);
    expect(target.users.has(report.steps.graphResult?.targetUserId ?? '')).toBe(true);
  });

  it('puts back an attribute edited by hand in the target and keeps an onCreate one', async () => {
    const { deps, target, addSourceUser } = setup();
    addSourceUser(adele);
    const id = (await provision(deps, adele)).steps.graphResult?.targetUserId ?? '';
    Object.assign(target.users.get(id) ?? {}, { department: 'Edited', jobTitle: 'Chosen in Fabrikam' });
    const before = target.writes.total();

    const report = await provision(deps, adele);

    expect(report.steps.match).toMatchObject({ by: 'link', link: { verified: 'present' } });
    expect(report.steps.action).toMatchObject({ action: 'update', changedAttributes: ['department'] });
    expect(target.users.get(id)).toMatchObject({ department: 'Sales', jobTitle: 'Chosen in Fabrikam' });
    expect(target.writes.total() - before).toBe(1);
  });

  it('costs one read and no write when the target user is as desired', async () => {
    const { deps, target, addSourceUser } = setup();
    addSourceUser(adele);
    await provision(deps, adele);
    const before = target.writes.total();
    const report = await provision(deps, adele);
    expect(report.outcome).toBe('skipped');
    expect(report.steps.graphResult).toMatchObject({ status: 'skipped', graphWrites: 0 });
    expect(target.writes.total()).toBe(before);
  });

  it('reports a failed source read in its step and goes no further', async () => {
    const { deps, source, target } = setup();
    source.failNext(
      'getUser',
      new SyncError('GRAPH.UNAVAILABLE', 'Graph answered 503.', { retryable: true }),
    );
    const report = await provision(deps, adele);
    expect(report).toMatchObject({
      outcome: 'failure',
      steps: {
        sourceRead: { status: 'failure', error: { code: 'GRAPH.UNAVAILABLE' } },
        scope: null,
        match: null,
        action: null,
      },
    });
    expect(target.calls).toEqual([]);
  });

  it('reports a Graph failure in the target with its code, and leaves the mirror for the pipeline to retry', async () => {
    const { deps, target, addSourceUser, state } = setup();
    addSourceUser(adele);
    target.failNext('findUsersByAnchor', new SyncError('GRAPH.FORBIDDEN', 'Insufficient privileges.'));

    const report = await provision(deps, adele);

    expect(report.outcome).toBe('failure');
    expect(report.steps.match).toMatchObject({ status: 'failure' });
    expect(report.steps.graphResult).toMatchObject({
      status: 'failure',
      error: { code: 'GRAPH.FORBIDDEN', message: 'Insufficient privileges.' },
    });
    expect(await state.sourceMirror.get(tenantIds.contoso, adele)).toBeNull();
    expect(await state.provisioningLog.query({ since: new Date(0) })).toMatchObject([
      { outcome: 'failure', errorCode: 'GRAPH.FORBIDDEN' },
    ]);
  });

  it('reports an in-scope user without mail or user principal name as a failed scope step', async () => {
    const { deps, addSourceUser } = setup();
    addSourceUser(adele, { mail: null, userPrincipalName: null });
    const report = await provision(deps, adele);
    expect(report).toMatchObject({
      outcome: 'failure',
      steps: { scope: { status: 'failure', error: { code: 'MESSAGE.INVALID' } } },
    });
  });

  it('provisions several users in the order asked, each once', async () => {
    const { deps, addSourceUser } = setup();
    addSourceUser(adele);
    addSourceUser(megan, { mail: 'megan@contoso.com', userPrincipalName: 'megan@contoso.com' });
    const reports = reportsOf(
      await provisionOnDemand({ syncId, sourceUserIds: [megan, adele, megan.toUpperCase()] }, deps),
    );
    expect(reports.map((r) => [r.sourceUserId, r.steps.action?.action])).toEqual([
      [megan, 'create'],
      [adele, 'create'],
    ]);
  });

  it('answers unknown-sync for a sync the active topology does not have', async () => {
    const { deps } = setup();
    expect(await provisionOnDemand({ syncId: 'nope', sourceUserIds: [adele] }, deps)).toEqual({
      kind: 'unknown-sync',
      syncId: 'nope',
      topologyVersion: 3,
    });
  });
});
