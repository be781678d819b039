import { describe, expect, it } from 'vitest';
import type { LogFields, Logger } from '../../../../src/app/ports.js';
import { createSimulatedDirectories } from '../../../../src/local/graph-simulator/directory/simulated-directories.js';
import { parseSimulatorSeed } from '../../../../src/local/graph-simulator/seed.js';
import { createTokenSigner } from '../../../../src/local/graph-simulator/server/authority/token-signer.js';
import { createFaultInjector } from '../../../../src/local/graph-simulator/server/fault-injector.js';
import { createGraphPipeline } from '../../../../src/local/graph-simulator/server/graph-pipeline.js';
import { createSimulatorStats } from '../../../../src/local/graph-simulator/server/simulator-stats.js';
import { createThrottler } from '../../../../src/local/graph-simulator/server/throttling/throttler.js';

function capturingLogger(lines: string[]): Logger {
  const log = (message: string, fields?: LogFields): void => {
    lines.push(`${message} ${JSON.stringify(fields ?? {})}`);
  };
  const logger: Logger = { debug: log, info: log, warn: log, error: log, child: () => logger };
  return logger;
}

describe('Graph pipeline on unexpected failures', () => {
  it('answers 500 generalException and logs without the token or the body', async () => {
    const tenantId = '11111111-1111-4111-8111-111111111111';
    const seed = parseSimulatorSeed({
      tenants: [
        { key: 'contoso', tenantId, displayName: 'Contoso', defaultDomain: 'contoso.onmicrosoft.com' },
      ],
    });
    const signer = await createTokenSigner();
    const lines: string[] = [];
    const pipeline = createGraphPipeline({
      baseUrl: 'https://localhost:1',
      routes: [
        {
          pattern: ['boom'],
          operations: {
            POST: {
              permission: () => true,
              cost: 'identityRead',
              handle: () => {
                throw new TypeError('cannot read properties of undefined');
              },
            },
          },
        },
      ],
      directories: createSimulatedDirectories(seed),
      signer,
      throttler: createThrottler('off'),
      faults: createFaultInjector(Math.random),
      stats: createSimulatorStats(seed.tenants),
      logger: capturingLogger(lines),
    });
    const token = await signer.issue({ tenantId, appId: 'app', servicePrincipalId: 'sp', roles: [] });
    const reply = await pipeline({
      method: 'POST',
      path: '/boom',
      query: new URLSearchParams(),
      headers: { authorization: `Bearer ${token}` },
      body: { clientState: 'very-secret' },
    });
    expect(reply.status).toBe(500);
    expect(reply.body).toMatchObject({ error: { code: 'generalException' } });
    expect(lines.join('\n')).toContain('TypeError');
    expect(lines.join('\n')).not.toContain(token);
    expect(lines.join('\n')).not.toContain('very-secret');
  });
});
