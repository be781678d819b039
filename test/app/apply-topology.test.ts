import { describe, expect, it } from 'vitest';
import { applyTopology, type ApplyTopologyDeps } from '../../src/app/apply-topology.js';
import type { GraphSubscription, SubscriptionGateway } from '../../src/app/ports.js';
import { createTopologySource } from '../../src/app/topology-source.js';
import { SyncError } from '../../src/core/sync-errors.js';
import { TopologyError } from '../../src/core/topology/topology-error.js';
import { tenantIds } from '../support/builders.js';
import { createInMemoryState } from '../support/fakes/in-memory-state.js';
import { createRecordingSyncQueue } from '../support/fakes/recording-sync-queue.js';
import { createTestClock, createTestLogger } from '../support/test-logger.js';
import { withSyncs } from '../support/topology-text.js';

const oneToOne = withSyncs(`  - { id: contoso-to-fabrikam, from: contoso, to: fabrikam }\n`);
const toNorthwind = withSyncs(`  - { id: contoso-to-northwind, from: contoso, to: northwind }\n`);
const fromNorthwind = withSyncs(`  - { id: northwind-to-fabrikam, from: northwind, to: fabrikam }\n`);

function gateway(failDeletes = false): SubscriptionGateway {
  let next = 0;
  return {
    create: (_tenantId, request) => {
      next += 1;
      const created: GraphSubscription = {
        id: `00000000-0000-4000-8000-00000000000${next}`,
        resource: 'users',
        changeType: 'updated,deleted',
        notificationUrl: request.notificationUrl,
        lifecycleNotificationUrl: request.lifecycleNotificationUrl,
        expirationDateTime: request.expirationDateTime.toISOString(),
      };
      return Promise.resolve(created);
    },
    renew: () => Promise.resolve(null),
    reauthorize: () => Promise.resolve(true),
    delete: () =>
      failDeletes
        ? Promise.reject(new SyncError('CONFIG.INVALID', 'No Graph credential is configured for this tenant'))
        : Promise.resolve(true),
    list: () => Promise.resolve([]),
  };
}

function setup(options: { failDeletes?: boolean } = {}) {
  const clock = createTestClock();
  const state = createInMemoryState({ clock });
  const queue = createRecordingSyncQueue();
  const deps: ApplyTopologyDeps = {
    subscriptions: state.subscriptions,
    gateway: gateway(options.failDeletes),
    clock,
    logger: createTestLogger().logger,
    publicBaseUrl: 'https://xtsync.example.net',
    store: state.topology,
    topology: createTopologySource(state.topology, clock),
    queue,
    deployedTargets: [
      { key: 'fabrikam', tenantId: tenantIds.fabrikam },
      { key: 'contoso', tenantId: tenantIds.contoso },
    ],
  };
  return { state, queue, deps };
}

describe('applyTopology', () => {
  it('stores the version, subscribes each source and asks it for a full round under that version', async () => {
    const { state, queue, deps } = setup();
    const result = await applyTopology(oneToOne, 'test', deps);
    expect(result.version).toBe(1);
    expect(result.subscriptions).toMatchObject([{ tenantId: tenantIds.contoso, action: 'created' }]);
    expect(queue.drains).toMatchObject([
      { sourceTenantId: tenantIds.contoso, reason: 'resync', topologyVersion: 1 },
    ]);
    expect((await state.topology.getActive())?.version).toBe(1);
  });

  it('refuses a sync into a tenant this deployment has no apply function for, naming its line', async () => {
    const { state, deps } = setup();
    const error = await applyTopology(toNorthwind, 'test', deps).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TopologyError);
    expect((error as TopologyError).message).toMatch(
      /syncs\[0\]\.to: this deployment has no apply function .*'northwind'/,
    );
    expect(await state.topology.getActive()).toBeNull();
  });

  it('forgets the subscription of a former source even when Graph can no longer be asked to delete it', async () => {
    const { state, deps } = setup({ failDeletes: true });
    await applyTopology(fromNorthwind, 'test', { ...deps, deployedTargets: undefined });
    const result = await applyTopology(oneToOne, 'test', deps);
    expect(result.subscriptions).toContainEqual(
      expect.objectContaining({ tenantId: tenantIds.northwind, action: 'removed' }),
    );
    expect(await state.subscriptions.listByTenant(tenantIds.northwind)).toEqual([]);
  });
});
