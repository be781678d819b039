import { describe, expect, it } from 'vitest';
import type { TopologyStore } from '../../../src/app/ports.js';
import { aFixedClock, type StoreFactory } from './store-factory.js';

/** The behaviour every {@link TopologyStore} shares; run it against each implementation. */
export function runTopologyStoreContract(name: string, factory: StoreFactory<TopologyStore>): void {
  describe(`${name} (TopologyStore contract)`, () => {
    const clock = aFixedClock('2025-03-01T12:00:00.000Z');
    const newStore = () => factory({ clock, pageSize: 2 });
    const yaml = (n: number) => `# topology ${n}\nsyncs:\n  - from: prod\n    to: test   # ünïcödé ✓\n`;

    it('has no active version before the first save', async () => {
      const store = await newStore();
      expect(await store.getActive()).toBeNull();
      expect(await store.getVersion(1)).toBeNull();
      expect(await store.listVersions(10)).toEqual([]);
    });

    it('numbers versions 1, 2, 3 and makes the newest one active', async () => {
      const store = await newStore();
      const first = await store.saveVersion({ source: yaml(1), appliedBy: 'alice' });
      const second = await store.saveVersion({ source: yaml(2), appliedBy: 'bob' });
      const third = await store.saveVersion({ source: yaml(3), appliedBy: 'alice' });

      expect([first.version, second.version, third.version]).toEqual([1, 2, 3]);
      expect(third).toEqual({
        version: 3,
        source: yaml(3),
        appliedAt: '2025-03-01T12:00:00.000Z',
        appliedBy: 'alice',
      });
      expect(await store.getActive()).toEqual(third);
      expect(await store.getVersion(2)).toEqual(second);
    });

    it('lists versions newest first, at most limit', async () => {
      const store = await newStore();
      for (let n = 1; n <= 4; n++) await store.saveVersion({ source: yaml(n), appliedBy: 'ops' });
      expect((await store.listVersions(3)).map((version) => version.version)).toEqual([4, 3, 2]);
      expect((await store.listVersions(10)).map((version) => version.version)).toEqual([4, 3, 2, 1]);
      expect((await store.listVersions(1))[0]?.source).toBe(yaml(4));
    });

    it('gives concurrent saves distinct versions and activates the last one', async () => {
      const store = await newStore();
      const saved = await Promise.all(
        [1, 2, 3, 4].map((n) => store.saveVersion({ source: yaml(n), appliedBy: `op-${n}` })),
      );
      expect(saved.map((version) => version.version).sort()).toEqual([1, 2, 3, 4]);
      for (const version of saved) expect(await store.getVersion(version.version)).toEqual(version);
      expect((await store.getActive())?.version).toBe(4);
    });

    it('keeps a topology larger than one table property exactly as given', async () => {
      const store = await newStore();
      const source = Array.from({ length: 3000 }, (_, n) => `  - from: tenant-${n}\n    to: hub # ✓\n`).join(
        '',
      );
      expect(source.length).toBeGreaterThan(64 * 1024);
      await store.saveVersion({ source, appliedBy: 'ops' });
      expect((await store.getActive())?.source).toBe(source);
    });

    it('rejects a topology too large for one row with TOPOLOGY.INVALID', async () => {
      const store = await newStore();
      await expect(
        store.saveVersion({ source: 'x'.repeat(600 * 1024), appliedBy: 'ops' }),
      ).rejects.toMatchObject({
        code: 'TOPOLOGY.INVALID',
        retryable: false,
      });
      expect(await store.getActive()).toBeNull();
    });
  });
}
