/**
 * An in-memory world for reconciliation's use-case tests: the contoso → fabrikam sync, its mirror, links and
 * cursor, a fake target directory, a recording bus, a deletion guard and a sync gate that say what the
 * test wants — and `applyPublished()`, which runs what reconciliation published through the real apply
 * step, so tests assert on the target users as the operator would see them.
 */
import { randomUUID } from 'node:crypto';
import { applyTargetChange } from '../../src/app/apply-target-change.js';
import type {
  RemovalGuard,
  RemovalBatchVerdict,
  SyncGate,
  SyncGateDecision,
} from '../../src/app/control-ports.js';
import type { TargetChange } from '../../src/app/messages.js';
import type { GraphSubscription, MirroredUser, SubscriptionGateway } from '../../src/app/ports.js';
import type { ReconcileRunDeps } from '../../src/app/reconcile-run.js';
import { sourceReadingHash } from '../../src/app/source-reading-hash.js';
import type { TopologySource } from '../../src/app/topology-source.js';
import { formatAnchor } from '../../src/core/anchors.js';
import { computeDesiredState } from '../../src/core/compute-desired-state.js';
import type { Link } from '../../src/core/link.js';
import type { Topology, TopologySync } from '../../src/core/topology/topology.js';
import type { AttributeValue } from '../../src/core/user-attributes.js';
import { aSourceUser, aSync, tenantIds, testAnchorAttribute } from '../support/builders.js';
import { createFakeDirectoryProvider } from '../support/fakes/fake-user-directory.js';
import { createInMemoryLeaseStore } from '../support/fakes/in-memory-lease-store.js';
import { createInMemoryState } from '../support/fakes/in-memory-state.js';
import { createRecordingSyncQueue } from '../support/fakes/recording-sync-queue.js';
import { createTestClock, createTestLogger } from '../support/test-logger.js';

/** A person of contoso: ids and attributes as the drain mirrors them. */
export interface Person {
  readonly id: string;
  readonly attributes: Record<string, AttributeValue>;
}

/** A new contoso internal member in Sales with a unique id, mail and name. */
export function aPerson(overrides: Record<string, AttributeValue> = {}): Person {
  const id = randomUUID();
  const nickname = `user-${id.slice(0, 8)}`;
  const attributes = aSourceUser({
    id,
    mail: `${nickname}@contoso.com`,
    userPrincipalName: `${nickname}@contoso.com`,
    displayName: `User ${nickname}`,
    ...overrides,
  }) as Record<string, AttributeValue>;
  return { id, attributes };
}

/** Builds the world; `sync` overrides the contoso → fabrikam sync. */
export function reconcileWorld(sync: TopologySync = aSync()) {
  const clock = createTestClock();
  const state = createInMemoryState({ clock });
  const directories = createFakeDirectoryProvider(testAnchorAttribute);
  const target = directories.get(tenantIds.fabrikam);
  // The source tenant as Graph has it (reconcile asks it about people the mirror does not know).
  const source = directories.get(sync.fromTenantId);
  const queue = createRecordingSyncQueue();
  const leases = createInMemoryLeaseStore();
  const log = createTestLogger();
  const held: { syncId: string; changes: readonly TargetChange[] }[] = [];
  /** Every batch the run asked the guard about. */
  const asked: { syncId: string; changes: readonly TargetChange[] }[] = [];
  let guardVerdict: RemovalBatchVerdict = { kind: 'allowed', vetoed: [] };
  /** Operator vetoes by source user id: removals at this source version or older are vetoed. */
  const vetoes = new Map<string, number>();
  const guard: RemovalGuard = {
    admitRemoval: () => Promise.resolve({ kind: 'allowed' }),
    admitRemovals: (syncId, changes) => {
      asked.push({ syncId, changes });
      const isVetoed = (change: TargetChange): boolean =>
        change.sourceVersion <= (vetoes.get(change.sourceUserId) ?? -1);
      const vetoed = changes
        .filter(isVetoed)
        .map(({ sourceUserId }) => ({ sourceUserId, guardId: 'rejected-guard' }));
      const rest = changes.filter((change) => !isVetoed(change));
      if (guardVerdict.kind === 'held' && rest.length > 0) held.push({ syncId, changes: rest });
      return Promise.resolve({ ...guardVerdict, vetoed: [...guardVerdict.vetoed, ...vetoed] });
    },
  };
  const gateDecisions = new Map<string, SyncGateDecision>();
  const outcomes: { syncId: string; outcome: string; probeToken?: string }[] = [];
  const gate: SyncGate = {
    check: (syncId) => Promise.resolve(gateDecisions.get(syncId) ?? { kind: 'open' }),
    recordOutcome: (syncId, outcome, probeToken) => {
      outcomes.push({ syncId, outcome, ...(probeToken === undefined ? {} : { probeToken }) });
      return Promise.resolve();
    },
  };
  const topology: Topology = { version: 1, tenants: [], syncs: [sync] };
  const topologySource: TopologySource = {
    current: () => Promise.resolve({ version: 1, topology }),
    invalidate: () => undefined,
  };
  // Graph's subscriptions, as the fake gateway keeps them.
  const liveSubscriptions = new Map<string, GraphSubscription>();
  let subscriptionCount = 0;
  const subscriptionGateway: SubscriptionGateway = {
    create: (_tenantId, request) => {
      subscriptionCount += 1;
      const created: GraphSubscription = {
        id: `sub-${subscriptionCount}`,
        resource: 'users',
        changeType: 'updated,deleted',
        notificationUrl: request.notificationUrl,
        lifecycleNotificationUrl: request.lifecycleNotificationUrl,
        expirationDateTime: request.expirationDateTime.toISOString(),
      };
      liveSubscriptions.set(created.id, created);
      return Promise.resolve(created);
    },
    renew: (_tenantId, id, expiration) => {
      const found = liveSubscriptions.get(id);
      if (!found) return Promise.resolve(null);
      const renewed = { ...found, expirationDateTime: expiration.toISOString() };
      liveSubscriptions.set(id, renewed);
      return Promise.resolve(renewed);
    },
    reauthorize: (_tenantId, id) => Promise.resolve(liveSubscriptions.has(id)),
    delete: (_tenantId, id) => Promise.resolve(liveSubscriptions.delete(id)),
    list: () => Promise.resolve([...liveSubscriptions.values()]),
  };
  const deps: ReconcileRunDeps = {
    directories,
    cursors: state.cursors,
    mirror: state.sourceMirror,
    links: state.links,
    queue,
    guard,
    clock,
    logger: log.logger,
    anchorAttribute: testAnchorAttribute,
    topology: topologySource,
    gate,
    leases,
    subscriptions: state.subscriptions,
    gateway: subscriptionGateway,
    publicBaseUrl: 'https://xtsync.example.net',
  };

  const world = {
    sync,
    clock,
    state,
    target,
    source,
    queue,
    leases,
    log,
    deps,
    held,
    asked,
    vetoes,
    outcomes,
    liveSubscriptions,
    holdRemovals(guardId = 'guard-1') {
      guardVerdict = { kind: 'held', guardId, vetoed: [] };
    },
    setGate(syncId: string, decision: SyncGateDecision) {
      gateDecisions.set(syncId, decision);
    },
    /** Marks the source tenant as read in full under `readWith` (what the drain leaves behind). */
    async sourceRead(readWith: readonly TopologySync[] = [sync]): Promise<void> {
      const stored = await state.cursors.get(sync.fromTenantId);
      await state.cursors.save(
        {
          sourceTenantId: sync.fromTenantId,
          link: 'https://graph.example/delta?token=1',
          roundComplete: true,
          selectHash: sourceReadingHash(readWith, testAnchorAttribute),
          roundId: 'round-1',
          roundIsFull: true,
          updatedAt: clock.now().toISOString(),
        },
        stored?.etag ?? null,
      );
    },
    /** Stores the person in the mirror as present (or `state`), published for the sync at version 3. */
    async mirror(person: Person, mirrorState: MirroredUser['state'] = 'present'): Promise<void> {
      await state.sourceMirror.save(
        {
          sourceTenantId: sync.fromTenantId,
          userId: person.id,
          attributes: person.attributes,
          hash: `hash-${person.id}`,
          version: 3,
          state: mirrorState,
          lastSeenAt: clock.now().toISOString(),
          lastSeenRound: 'round-1',
          published: { [sync.id]: world.desired(person).hash },
        },
        null,
      );
    },
    desired(person: Person) {
      return computeDesiredState(person.attributes, sync);
    },
    /** Adds the person's target user as the pipeline would have created it; returns its id. */
    addTargetUser(person: Person, overrides: Record<string, AttributeValue> = {}): string {
      const desired = world.desired(person);
      return target.addUser({
        ...desired.attributes,
        ...desired.onCreateOnly,
        userPrincipalName: `${person.id}#EXT#@fabrikam.onmicrosoft.com`,
        creationType: 'Invitation',
        [testAnchorAttribute]: formatAnchor(sync.fromTenantId, person.id),
        ...overrides,
      });
    },
    /** Stores the link the pipeline would have saved for the person's target user. */
    async link(person: Person, targetUserId: string, overrides: Partial<Link> = {}): Promise<void> {
      const desired = world.desired(person);
      await state.links.save(
        {
          syncId: sync.id,
          sourceTenantId: sync.fromTenantId,
          sourceUserId: person.id,
          targetTenantId: sync.toTenantId,
          targetUserId,
          state: 'active',
          appliedHash: desired.hash,
          appliedAttributes: { ...desired.attributes, ...desired.onCreateOnly },
          sourceVersion: 3,
          createdAt: '2026-01-01T08:00:00.000Z',
          updatedAt: '2026-01-01T08:00:00.000Z',
          disabledAt: null,
          deletedAt: null,
          lastError: null,
          ...overrides,
        },
        null,
      );
    },
    /** Runs every published change through the real apply step, in order, and forgets them. */
    async applyPublished(): Promise<void> {
      for (const change of queue.targetChanges.splice(0)) {
        await applyTargetChange(change, {
          links: state.links,
          directories,
          provisioningLog: state.provisioningLog,
          clock,
          logger: log.logger,
          anchorAttribute: testAnchorAttribute,
        });
      }
    },
    /** The target user of `id`, as the fake directory holds it. */
    targetUser(id: string) {
      return target.users.get(id);
    },
  };
  return world;
}

export { tenantIds };
