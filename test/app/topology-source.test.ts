import { describe, expect, it } from 'vitest';
import { createTopologySource } from '../../src/app/topology-source.js';
import { createInMemoryState } from '../support/fakes/in-memory-state.js';
import { createTestClock } from '../support/test-logger.js';
import { withSyncs } from '../support/topology-text.js';

const v1 = withSyncs(`  - { id: contoso-to-fabrikam, from: contoso, to: fabrikam }\n`);
const v2 = withSyncs(`  - { id: contoso-to-northwind, from: contoso, to: northwind }\n`);

describe('createTopologySource', () => {
  it('serves the cached version until it ages out', async () => {
    const clock = createTestClock();
    const { topology: store } = createInMemoryState({ clock });
    await store.saveVersion({ source: v1, appliedBy: 'test' });
    const source = createTopologySource(store, clock, 15_000);
    expect((await source.current())?.version).toBe(1);
    await store.saveVersion({ source: v2, appliedBy: 'another instance' });
    expect((await source.current())?.version).toBe(1);
    clock.advance(15_001);
    expect((await source.current())?.version).toBe(2);
  });

  it('reloads at once when a message was sent under a newer version than the cached one', async () => {
    const clock = createTestClock();
    const { topology: store } = createInMemoryState({ clock });
    await store.saveVersion({ source: v1, appliedBy: 'test' });
    const source = createTopologySource(store, clock, 15_000);
    await source.current();
    await store.saveVersion({ source: v2, appliedBy: 'another instance' });
    expect((await source.current(2))?.topology.syncs[0]?.id).toBe('contoso-to-northwind');
  });
});
