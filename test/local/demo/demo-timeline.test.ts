import { describe, expect, it } from 'vitest';
import {
  summarizeSteps,
  type DemoStepResult,
  type DemoTimeline,
} from '../../../src/local/demo/demo-timeline.js';
import { formatStepLine, formatTimeline } from '../../../src/local/demo/format-timeline.js';

const aResult = (overrides: Partial<DemoStepResult>): DemoStepResult => ({
  step: 'joiner',
  syncId: 'contoso-to-fabrikam',
  from: 'contoso',
  to: 'fabrikam',
  sourceUserId: 's1',
  targetUserId: 't1',
  outcome: 'ok',
  latencyMs: 1_230,
  startedAt: '2025-01-01T00:00:00.000Z',
  detail: 'external member created',
  ...overrides,
});

describe('summarizeSteps', () => {
  it('gives min, median and max latency per step over the steps that converged', () => {
    const summary = summarizeSteps([
      aResult({ latencyMs: 300 }),
      aResult({ latencyMs: 100 }),
      aResult({ latencyMs: 200 }),
      aResult({ outcome: 'timeout', latencyMs: null }),
      aResult({ step: 'mover', outcome: 'skipped', latencyMs: null }),
    ]);
    expect(summary).toEqual([
      { step: 'joiner', converged: 3, attempted: 4, minMs: 100, p50Ms: 200, maxMs: 300 },
      { step: 'mover', converged: 0, attempted: 0, minMs: null, p50Ms: null, maxMs: null },
      { step: 'leaver', converged: 0, attempted: 0, minMs: null, p50Ms: null, maxMs: null },
      { step: 'return', converged: 0, attempted: 0, minMs: null, p50Ms: null, maxMs: null },
    ]);
  });
});

describe('formatTimeline', () => {
  it('prints one line per step and target with its latency and outcome', () => {
    expect(formatStepLine(aResult({}))).toMatch(/^joiner {2}contoso → fabrikam +1\.23 s {2}ok$/);
    expect(formatStepLine(aResult({ outcome: 'timeout', latencyMs: null, detail: 'no user yet' }))).toMatch(
      /^joiner {2}contoso → fabrikam +- {2}timeout: no user yet$/,
    );
  });

  it('ends with the failures and the verdict', () => {
    const steps = [aResult({}), aResult({ to: 'northwind', outcome: 'timeout', latencyMs: null })];
    const timeline: DemoTimeline = {
      startedAt: '2025-01-01T00:00:00.000Z',
      finishedAt: '2025-01-01T00:00:05.000Z',
      shape: 'user-hub',
      users: [],
      notes: [],
      steps,
      loopChecks: [{ source: 'contoso', sourceUserId: 's1', after: 'joiner', ok: true, detail: 'none' }],
      summary: summarizeSteps(steps),
      failures: ['joiner contoso → northwind did not converge within 1.00 s: no user yet'],
      ok: false,
    };
    const lines = formatTimeline(timeline);
    expect(lines).toContain('  joiner    1/2 converged  min 1.23 s  p50 1.23 s  max 1.23 s');
    expect(lines).toContain('Loop prevention: ok (1 checks: no copy back home or onward).');
    expect(lines.slice(-2)).toEqual([
      'FAILED: joiner contoso → northwind did not converge within 1.00 s: no user yet',
      'Demo failed: 1 problem(s).',
    ]);
  });
});
