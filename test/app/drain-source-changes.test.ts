import { describe, expect, it } from 'vitest';
import { drainSourceChanges, type DrainDeps } from '../../src/app/drain-source-changes.js';
import { targetChangeMessageId, type DrainRequest, type TargetChange } from '../../src/app/messages.js';
import type { DeltaReadResult, DeltaUserChange } from '../../src/app/ports.js';
import type { TopologySource } from '../../src/app/topology-source.js';
import type { Topology, TopologySync } from '../../src/core/topology/topology.js';
import type { AttributeValue } from '../../src/core/user-attributes.js';
import { aSourceUser, aSync, sourceUserId, tenantIds, testAnchorAttribute } from '../support/builders.js';
import { createFakeDirectoryProvider } from '../support/fakes/fake-user-directory.js';
import { createInMemoryState } from '../support/fakes/in-memory-state.js';
import { createRecordingSyncQueue } from '../support/fakes/recording-sync-queue.js';
import { createTestClock, createTestLogger } from '../support/test-logger.js';

const otherUserId = '6c2d5b5f-1e8f-4d2b-8e4a-2b3c4d5e6f70';

function topologyOf(syncs: TopologySync[]): TopologySource {
  const topology: Topology = {
    version: 1,
    tenants: [],
    syncs,
  };
  return { current: () => Promise.resolve({ version: 1, topology }), invalidate: () => undefined };
}

function setup(syncs: TopologySync[] = [aSync()]) {
  const clock = createTestClock();
  const state = createInMemoryState({ clock });
  const directories = createFakeDirectoryProvider(testAnchorAttribute);
  const source = directories.get(tenantIds.contoso);
  const queue = createRecordingSyncQueue();
  const deps: DrainDeps = {
    topology: topologyOf(syncs),
    directories,
    cursors: state.cursors,
    mirror: state.sourceMirror,
    queue,
    clock,
    logger: createTestLogger().logger,
    anchorAttribute: testAnchorAttribute,
    settings: { settleAfterMs: 0 },
  };
  return { clock, state, source, queue, deps };
}

function present(
  overrides: Record<string, AttributeValue | undefined> = {},
  id = sourceUserId,
): DeltaUserChange {
  const { id: _ignored, ...attributes } = aSourceUser({ ...overrides, id });
  return { kind: 'present', user: { id, attributes } };
}

function page(
  changes: DeltaUserChange[],
  link: { next?: string; delta?: string } = { delta: 'https://g/delta?$deltatoken=1' },
): DeltaReadResult {
  return {
    kind: 'page',
    page: {
      changes,
      ...(link.next ? { nextLink: link.next } : {}),
      ...(link.delta ? { deltaLink: link.delta } : {}),
    },
  };
}

function request(overrides: Partial<DrainRequest> = {}): DrainRequest {
  return {
    kind: 'drain',
    sourceTenantId: tenantIds.contoso,
    reason: 'notification',
    hintedUserIds: [],
    notifiedAt: '2026-01-05T09:00:00.000Z',
    attempt: 0,
    correlationId: 'corr-1',
    ...overrides,
  };
}

describe('drainSourceChanges', () => {
  it('starts with a full round selecting what the syncs read, and publishes a desired state per user', async () => {
    const { source, queue, state, deps } = setup();
    source.deltaScript.push(
      page([present()], { next: 'https://g/delta?$skiptoken=2' }),
      page([present({}, otherUserId)]),
    );
    const outcome = await drainSourceChanges(request(), deps);

    expect(source.deltaStarts[0]).toMatchObject({ kind: 'initial' });
    const start = source.deltaStarts[0];
    expect(start?.kind === 'initial' ? start.select : []).toEqual(
      expect.arrayContaining(['department', 'userType', testAnchorAttribute]),
    );
    expect(outcome).toMatchObject({
      pages: 2,
      usersSeen: 2,
      messagesPublished: 2,
      roundComplete: true,
      fullRound: true,
    });
    expect(queue.targetChanges.map((c) => [c.kind, c.targetTenantId])).toEqual([
      ['upsert', tenantIds.fabrikam],
      ['upsert', tenantIds.fabrikam],
    ]);
    expect((await state.cursors.get(tenantIds.contoso))?.value).toMatchObject({
      link: 'https://g/delta?$deltatoken=1',
      roundComplete: true,
    });
  });

  it('continues from the stored delta link and publishes nothing for a user whose mapping result did not change', async () => {
    const { source, queue, deps } = setup();
    source.deltaScript.push(page([present()]));
    await drainSourceChanges(request(), deps);
    // Only a property that no mapping reads changed (e.g. a replayed item): same desired state.
    source.deltaScript.push(page([present()], { delta: 'https://g/delta?$deltatoken=2' }));
    const outcome = await drainSourceChanges(request(), deps);
    expect(source.deltaStarts[1]).toEqual({ kind: 'link', link: 'https://g/delta?$deltatoken=1' });
    expect(outcome.messagesPublished).toBe(0);
    expect(queue.targetChanges).toHaveLength(1);
  });

  it('publishes a mover with a higher source version and a new message identity', async () => {
    const { source, queue, deps } = setup();
    source.deltaScript.push(page([present()]), page([present({ department: 'Marketing' })]));
    await drainSourceChanges(request(), deps);
    await drainSourceChanges(request(), deps);
    const [first, second] = queue.targetChanges;
    expect(second?.sourceVersion).toBeGreaterThan(first?.sourceVersion ?? Infinity);
    expect(second?.kind === 'upsert' ? second.desired.attributes.department : undefined).toBe('Marketing');
  });

  it('publishes a removal when the source user is soft-deleted, and none for a user never in scope', async () => {
    const scoped = aSync({
      scope: [{ clauses: [{ attribute: 'department', operator: 'equals', value: 'Sales' }] }],
    });
    const { source, queue, deps } = setup([scoped]);
    source.deltaScript.push(page([present(), present({ department: 'Legal' }, otherUserId)]));
    await drainSourceChanges(request(), deps);
    source.deltaScript.push(
      page([
        { kind: 'removed', id: sourceUserId, reason: 'changed' },
        { kind: 'removed', id: otherUserId, reason: 'changed' },
      ]),
    );
    await drainSourceChanges(request(), deps);
    expect(
      queue.targetChanges.map((c) => `${c.kind}:${c.sourceUserId === sourceUserId ? 'adele' : 'other'}`),
    ).toEqual(['upsert:adele', 'remove:adele']);
    const removal = queue.targetChanges[1];
    expect(removal?.kind === 'remove' ? removal.reason : undefined).toBe('deleted');
  });

  it('never propagates guests or users carrying an xtsync anchor (loop prevention)', async () => {
    const { source, queue, deps } = setup();
    source.deltaScript.push(
      page([
        present({ userType: 'Guest' }),
        present(
          {
            [testAnchorAttribute]: `${tenantIds.fabrikam}:${otherUserId}`,
            userPrincipalName: 'x_fabrikam.com#EXT#@contoso.onmicrosoft.com',
          },
          otherUserId,
        ),
      ]),
    );
    await drainSourceChanges(request(), deps);
    expect(queue.targetChanges).toEqual([]);
  });

  it('starts a full round when Graph says the cursor expired, and removes users missing from it', async () => {
    const { source, queue, deps } = setup();
    source.deltaScript.push(page([present(), present({}, otherUserId)]));
    await drainSourceChanges(request(), deps);
    source.deltaScript.push(
      { kind: 'resync-required', reason: 'syncStateNotFound' },
      page([present()], { delta: 'https://g/delta?$deltatoken=9' }),
    );
    const outcome = await drainSourceChanges(request(), deps);
    expect(outcome).toMatchObject({ resynced: true, fullRound: true });
    expect(source.deltaStarts.at(-1)).toMatchObject({ kind: 'initial' });
    const removals = queue.targetChanges.filter((c) => c.kind === 'remove');
    expect(removals.map((c) => c.sourceUserId)).toEqual([otherUserId]);
  });

  it('re-checks a notified user the delta does not show yet, with back-off, instead of dropping it', async () => {
    const { source, queue, deps, clock } = setup();
    source.deltaScript.push(page([]));
    await drainSourceChanges(request({ hintedUserIds: [sourceUserId] }), deps);
    expect(queue.scheduledDrains).toHaveLength(1);
    const [recheck] = queue.scheduledDrains;
    expect(recheck?.request).toMatchObject({
      reason: 'recheck',
      hintedUserIds: [sourceUserId],
      attempt: 0,
      recheck: 1,
    });
    expect(recheck?.at.getTime()).toBe(clock.now().getTime() + 1_000);
  });

  it('does not re-check a notified user the delta showed', async () => {
    const { source, queue, deps } = setup();
    source.deltaScript.push(page([present()]));
    await drainSourceChanges(request({ hintedUserIds: [sourceUserId] }), deps);
    expect(queue.scheduledDrains).toEqual([]);
  });

  it('schedules one settle read per time bucket after a notification', async () => {
    const { source, queue, deps } = setup();
    source.deltaScript.push(page([]));
    await drainSourceChanges(request(), {
      ...deps,
      settings: { settleAfterMs: 30_000, settleBucketMs: 10_000 },
    });
    expect(queue.scheduledDrains[0]?.request.dedupeKey).toMatch(/^settle:/);
  });

  it('saves its place and continues in a new message when a round is longer than one run', async () => {
    const { source, queue, state, deps } = setup();
    source.deltaScript.push(page([present()], { next: 'https://g/delta?$skiptoken=2' }));
    const outcome = await drainSourceChanges(request(), {
      ...deps,
      settings: { settleAfterMs: 0, maxPagesPerRun: 1 },
    });
    expect(outcome.roundComplete).toBe(false);
    expect((await state.cursors.get(tenantIds.contoso))?.value).toMatchObject({
      link: 'https://g/delta?$skiptoken=2',
      roundComplete: false,
    });
    expect(queue.drains).toHaveLength(1);
    source.deltaScript.push(page([present({}, otherUserId)]));
    await drainSourceChanges(queue.drains[0] ?? request(), deps);
    expect(source.deltaStarts.at(-1)).toEqual({ kind: 'link', link: 'https://g/delta?$skiptoken=2' });
  });

  it('republishes identical message ids when a drain is replayed after a crash before the mirror save', async () => {
    const first = setup();
    first.source.deltaScript.push(page([present()]));
    const crashing = { ...first.state.sourceMirror, save: () => Promise.reject(new Error('crash')) };
    await expect(drainSourceChanges(request(), { ...first.deps, mirror: crashing })).rejects.toThrow('crash');
    const again = { ...first.deps, mirror: createInMemoryState().sourceMirror };
    first.source.deltaScript.push(page([present()]));
    await drainSourceChanges(request(), again);
    const [a, b] = first.queue.targetChanges;
    expect(b).toEqual(a);
  });

  it('publishes to every target of a user hub', async () => {
    const { source, queue, deps } = setup([
      aSync(),
      aSync({ id: 'contoso-to-northwind', to: 'northwind', toTenantId: tenantIds.northwind }),
    ]);
    source.deltaScript.push(page([present()]));
    await drainSourceChanges(request(), deps);
    expect(queue.targetChanges.map((c) => c.targetTenantId).sort()).toEqual(
      [tenantIds.fabrikam, tenantIds.northwind].sort(),
    );
  });
});

describe('drainSourceChanges with a reset list', () => {
  it('republishes unchanged decisions for the reset syncs only', async () => {
    const { source, queue, deps } = setup([
      aSync(),
      aSync({ id: 'contoso-to-northwind', to: 'northwind', toTenantId: tenantIds.northwind }),
    ]);
    source.deltaScript.push(page([present()]));
    await drainSourceChanges(request(), deps);
    source.deltaScript.push(page([present()]));
    await drainSourceChanges(request({ reason: 'resync', resetSyncIds: ['contoso-to-northwind'] }), deps);
    expect(source.deltaStarts[1]).toMatchObject({ kind: 'initial' });
    const republished = queue.targetChanges.slice(2);
    expect(republished.map((c) => c.syncId)).toEqual(['contoso-to-northwind']);
    expect(republished[0]?.sourceVersion).toBeGreaterThan(queue.targetChanges[1]?.sourceVersion ?? Infinity);
  });
});

describe('drainSourceChanges message identity', () => {
  it('gives different ids to different decisions even when a failed mirror save made them share a version', async () => {
    const first = setup();
    first.source.deltaScript.push(page([present()]));
    const crashing = { ...first.state.sourceMirror, save: () => Promise.reject(new Error('crash')) };
    await expect(drainSourceChanges(request(), { ...first.deps, mirror: crashing })).rejects.toThrow('crash');
    // The user changed again before the retry, which recomputes the same version.
    first.source.deltaScript.push(page([present({ department: 'Marketing' })]));
    await drainSourceChanges(request(), first.deps);
    const [a, b] = first.queue.targetChanges;
    expect(b?.sourceVersion).toBe(a?.sourceVersion);
    expect(targetChangeMessageId(b as TargetChange)).not.toBe(targetChangeMessageId(a as TargetChange));
  });

  it('republishes everyone when a sync is pointed at another target tenant', async () => {
    const { source, queue, deps } = setup();
    source.deltaScript.push(page([present()]));
    await drainSourceChanges(request(), deps);
    const moved = {
      ...deps,
      topology: topologyOf([aSync({ to: 'northwind', toTenantId: tenantIds.northwind })]),
    };
    source.deltaScript.push(page([present()]));
    await drainSourceChanges(request(), moved);
    expect(queue.targetChanges.map((c) => c.targetTenantId)).toEqual([
      tenantIds.fabrikam,
      tenantIds.northwind,
    ]);
  });
});

describe('drainSourceChanges sweep', () => {
  it('sweeps again after a failure instead of recording the full round as complete', async () => {
    const { source, queue, state, deps } = setup();
    source.deltaScript.push(page([present(), present({}, otherUserId)]));
    await drainSourceChanges(request(), deps);
    const before = await state.cursors.get(tenantIds.contoso);
    // A full round that no longer shows the other user, and a bus that fails while the sweep publishes.
    source.deltaScript.push(
      { kind: 'resync-required', reason: 'syncStateNotFound' },
      page([present()], { delta: 'https://g/delta?$deltatoken=after-sweep' }),
    );
    queue.failWith(new Error('bus down'));
    await expect(drainSourceChanges(request(), deps)).rejects.toThrow('bus down');
    expect((await state.cursors.get(tenantIds.contoso))?.value.link).toBe(before?.value.link);
    queue.failWith(undefined);
    source.deltaScript.push({ kind: 'resync-required', reason: 'syncStateNotFound' }, page([present()]));
    await drainSourceChanges(request(), deps);
    expect(queue.targetChanges.filter((c) => c.kind === 'remove').map((c) => c.sourceUserId)).toEqual([
      otherUserId,
    ]);
  });
});

describe('drainSourceChanges re-checks', () => {
  it('counts re-checks apart from retries and gives a burst of them one dedupe key per second', async () => {
    const { source, queue, deps } = setup();
    source.deltaScript.push(page([]), page([]));
    await drainSourceChanges(request({ hintedUserIds: [sourceUserId], attempt: 3 }), deps);
    await drainSourceChanges(request({ hintedUserIds: [otherUserId], correlationId: 'corr-2' }), deps);
    const [a, b] = queue.scheduledDrains;
    expect(a?.request).toMatchObject({ attempt: 0, recheck: 1 });
    expect(a?.request.dedupeKey).toBeDefined();
    expect(b?.request.dedupeKey).toBe(a?.request.dedupeKey);
  });

  it('stops re-checking after the last configured delay', async () => {
    const { source, queue, deps } = setup();
    source.deltaScript.push(page([]));
    await drainSourceChanges(request({ hintedUserIds: [sourceUserId], reason: 'recheck', recheck: 6 }), deps);
    expect(queue.scheduledDrains).toEqual([]);
  });
});

describe('drainSourceChanges: a resync round spread over several drains', () => {
  const third = '7d3e6c6a-2f90-4e3c-9f5b-3c4d5e6f7081';

  it('republishes every user of the round and completes its job, even when another drain continues it', async () => {
    const { source, queue, deps } = setup();
    source.deltaScript.push(page([present(), present({}, otherUserId), present({}, third)]));
    await drainSourceChanges(request(), deps);
    const recorded: { jobId: string; roundComplete: boolean }[] = [];
    const withJobs = {
      ...deps,
      settings: { settleAfterMs: 0, maxPagesPerRun: 1 },
      jobProgress: {
        recordRun: (jobId: string, run: { roundComplete: boolean }) => {
          recorded.push({ jobId, roundComplete: run.roundComplete });
          return Promise.resolve();
        },
        recordFailure: () => Promise.resolve(),
      },
    };
    // The resync reads page 1 only; a notification drain without any reset list takes pages 2 and 3.
    source.deltaScript.push(
      page([present()], { next: 'https://g/delta?$skiptoken=2' }),
      page([present({}, otherUserId)], { next: 'https://g/delta?$skiptoken=3' }),
      page([present({}, third)], { delta: 'https://g/delta?$deltatoken=9' }),
    );
    const before = queue.targetChanges.length;
    await drainSourceChanges(
      request({ reason: 'resync', resetSyncIds: ['contoso-to-fabrikam'], jobId: 'job-1' }),
      withJobs,
    );
    await drainSourceChanges(request({ correlationId: 'notification' }), {
      ...withJobs,
      settings: { settleAfterMs: 0 },
    });
    const republished = queue.targetChanges
      .slice(before)
      .map((c) => c.sourceUserId)
      .sort();
    expect(republished).toEqual([sourceUserId, otherUserId, third].sort());
    expect(recorded).toEqual([
      { jobId: 'job-1', roundComplete: false },
      { jobId: 'job-1', roundComplete: true },
    ]);
  });

  it('continues, instead of restarting, when the request that restarted the round is delivered again', async () => {
    const { source, deps } = setup();
    source.deltaScript.push(page([present()]));
    await drainSourceChanges(request(), deps);
    const resync = request({
      reason: 'resync',
      resetSyncIds: ['contoso-to-fabrikam'],
      correlationId: 'resync-1',
    });
    source.deltaScript.push(page([present()], { next: 'https://g/delta?$skiptoken=2' }));
    await drainSourceChanges(resync, { ...deps, settings: { settleAfterMs: 0, maxPagesPerRun: 1 } });
    source.deltaScript.push(page([present({}, otherUserId)]));
    await drainSourceChanges(resync, deps);
    expect(source.deltaStarts.at(-1)).toEqual({ kind: 'link', link: 'https://g/delta?$skiptoken=2' });
  });
});
