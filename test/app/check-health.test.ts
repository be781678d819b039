import { describe, expect, it } from 'vitest';
import { checkHealth } from '../../src/app/check-health.js';

describe('checkHealth', () => {
  it('reports each dependency and degrades when one fails, without its error text', async () => {
    const report = await checkHealth(
      [
        { name: 'tables', probe: () => Promise.resolve('reachable') },
        {
          name: 'graph',
          probe: () => Promise.reject(new Error('connect ECONNREFUSED 10.0.0.7:443 secret-ish detail')),
        },
      ],
      () => new Date('2026-01-01T00:00:00Z'),
    );
    expect(report.status).toBe('degraded');
    expect(report.dependencies.map((d) => [d.name, d.status])).toEqual([
      ['tables', 'healthy'],
      ['graph', 'unhealthy'],
    ]);
    expect(JSON.stringify(report)).not.toContain('10.0.0.7');
  });

  it('gives up on a dependency that does not answer in time', async () => {
    const report = await checkHealth(
      [{ name: 'slow', probe: () => new Promise(() => undefined) }],
      () => new Date(),
      50,
    );
    expect(report.dependencies[0]).toMatchObject({ status: 'unhealthy', detail: 'no answer within 50 ms' });
  });
});
