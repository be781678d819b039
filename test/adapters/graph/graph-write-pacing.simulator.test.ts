/**
 * Write pacing against the simulator's throttling model, through the real Graph client: once Graph has
 * answered 429, concurrent writes beyond the quota are spread over time instead of being refused again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGraphDirectoryProvider } from '../../../src/adapters/graph/graph-client-factory.js';
import { startTestGraphSimulator, type GraphSimulator } from '../../support/graph-simulator.js';
import { anchorAttribute, clientId, fabrikam } from './xtsync-on-simulator.js';

const aaron = '20000000-0000-4000-8000-000000000001';
// The simulator's `{ scale }` keeps Graph's rate (3,000 writes per 150 s: 20/s) and shrinks the burst.
const scale = 0.002;

describe('write pacing on the simulator', () => {
  let sim: GraphSimulator;
  beforeAll(async () => {
    sim = await startTestGraphSimulator({ throttle: { scale } });
  });
  afterAll(async () => {
    await sim.close();
  });

  it("keeps to the tenant's write quota once Graph's first 429 has shown how much of it is spent", async () => {
    const secret = sim.applications.find((app) => app.key === 'xtsync')?.secrets[0] ?? '';
    // Default pacing: Graph's documented quota, which believes in a burst of 3,000 this tenant lacks.
    const users = createGraphDirectoryProvider({
      tenants: { [fabrikam]: { type: 'client-secret', tenantId: fabrikam, clientId, clientSecret: secret } },
      graphBaseUrl: sim.baseUrl,
      authorityHost: sim.authorityHost,
      anchorAttribute,
      retry: { maxRetries: 3, delaySeconds: 0, maxRetryAfterSeconds: 5 },
    }).forTenant(fabrikam);
    const burst = (wave: string) =>
      Promise.all(
        Array.from({ length: 16 }, (_, index) => users.updateUser(aaron, { jobTitle: `${wave} ${index}` })),
      );
    const stats = () => sim.stats.snapshot().tenants.fabrikam;
    sim.stats.reset();

    await burst('first');
    const throttledByFirstWave = stats()?.throttled ?? 0;
    expect(throttledByFirstWave).toBeGreaterThan(0);
    await burst('second');

    expect(stats()?.writes.userUpdate).toBe(32);
    expect(stats()?.throttled).toBe(throttledByFirstWave);
  });
});
