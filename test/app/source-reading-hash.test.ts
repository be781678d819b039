import { describe, expect, it } from 'vitest';
import { drainSourceChanges } from '../../src/app/drain-source-changes.js';
import { sourceReadingHash } from '../../src/app/source-reading-hash.js';
import type { Topology, TopologySync } from '../../src/core/topology/topology.js';
import { aSync, tenantIds, testAnchorAttribute } from '../support/builders.js';
import { createFakeDirectoryProvider } from '../support/fakes/fake-user-directory.js';
import { createInMemoryState } from '../support/fakes/in-memory-state.js';
import { createRecordingSyncQueue } from '../support/fakes/recording-sync-queue.js';
import { createTestClock, createTestLogger } from '../support/test-logger.js';

const toNorthwind = aSync({ id: 'contoso-to-northwind', to: 'northwind', toTenantId: tenantIds.northwind });

/** The hash a real drain of contoso leaves in the cursor under `syncs`. */
async function drainedHash(syncs: TopologySync[]): Promise<string | undefined> {
  const clock = createTestClock();
  const state = createInMemoryState({ clock });
  const directories = createFakeDirectoryProvider(testAnchorAttribute);
  directories.get(tenantIds.contoso).deltaScript.push({
    kind: 'page',
    page: { changes: [], deltaLink: 'https://graph.example/delta?$deltatoken=1' },
  });
  const topology: Topology = { version: 1, tenants: [], syncs };
  await drainSourceChanges(
    {
      kind: 'drain',
      sourceTenantId: tenantIds.contoso,
      reason: 'notification',
      hintedUserIds: [],
      notifiedAt: clock.now().toISOString(),
      attempt: 0,
      correlationId: 'c-1',
    },
    {
      topology: { current: () => Promise.resolve({ version: 1, topology }), invalidate: () => undefined },
      directories,
      cursors: state.cursors,
      mirror: state.sourceMirror,
      queue: createRecordingSyncQueue(),
      clock,
      logger: createTestLogger().logger,
      anchorAttribute: testAnchorAttribute,
    },
  );
  return (await state.cursors.get(tenantIds.contoso))?.value.selectHash;
}

describe('sourceReadingHash', () => {
  it('equals the hash the drain stores in the cursor for the same syncs', async () => {
    const syncs = [aSync(), toNorthwind];
    expect(sourceReadingHash(syncs, testAnchorAttribute)).toBe(await drainedHash(syncs));
  });

  it('changes when a sync of the tenant reads another attribute', () => {
    const before = sourceReadingHash([aSync()], testAnchorAttribute);
    const withEmployeeType = aSync({
      scope: [{ clauses: [{ attribute: 'employeeType', operator: 'equals', value: 'Employee' }] }],
    });
    expect(sourceReadingHash([withEmployeeType], testAnchorAttribute)).not.toBe(before);
  });
});
