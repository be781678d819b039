import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoSteps } from '../../../src/local/demo/demo-timeline.js';
import { runDemo } from '../../../src/local/demo/run-demo.js';
import { startTestStack, type TestStack } from '../../support/test-stack.js';
import { demoStackInfo, readExample } from './demo-stack-info.js';

describe('runDemo on a full mesh (examples/mesh.yaml)', () => {
  let stack: TestStack;
  let source: string;
  beforeAll(async () => {
    stack = await startTestStack({ example: 'mesh.yaml' });
    source = await readExample('mesh.yaml');
  }, 60_000);
  afterAll(async () => {
    await stack.stop();
  });

  it('converges every step in all six syncs without copying anyone back or onward', async () => {
    const timeline = await runDemo(demoStackInfo(stack, source), source, { timeoutMs: 15_000, pollMs: 50 });

    expect(timeline.failures).toEqual([]);
    expect(timeline.shape).toMatch(/mesh/);
    expect(timeline.users).toHaveLength(3);
    expect(timeline.steps).toHaveLength(demoSteps.length * 6);
    expect(timeline.steps.filter((result) => result.outcome !== 'ok')).toEqual([]);
    // Each user landed in two tenants; each check searched home and every other tenant for each copy.
    expect(timeline.loopChecks.map((check) => [check.source, check.after, check.ok])).toEqual(
      expect.arrayContaining([
        ['contoso', 'joiner', true],
        ['fabrikam', 'joiner', true],
        ['northwind', 'joiner', true],
        ['contoso', 'return', true],
      ]),
    );
    // Each sync made its own copy: six distinct target users.
    const copies = timeline.steps.filter((result) => result.step === 'joiner').map((r) => r.targetUserId);
    expect(new Set(copies).size).toBe(6);
  }, 60_000);
});
